// The outer wall-time limit and caller cancellation for one run. Claude Code's own timeouts cover single API
// calls; this covers everything, including a stalled child or a stuck tool call.

export interface Watchdog {
  controller: AbortController;
  /** Waits for `work`, or for the deadline or a cancel, whichever comes first; on those it calls `stop`. */
  race(work: Promise<void>, stop: () => void): Promise<void>;
  /** Why the run was stopped from outside, in words; undefined when it was not. */
  reason(): string | undefined;
  dispose(): void;
}

export function watchdog(timeoutMs: number, callerSignal?: AbortSignal): Watchdog {
  const controller = new AbortController();
  let why: string | undefined;
  const stopWith = (reason: string) => {
    if (why) return;
    why = reason;
    controller.abort(new Error(reason));
  };
  const timer = setTimeout(() => stopWith(`Claude Code did not finish within the ${timeoutMs} ms limit`), timeoutMs);
  const onCancel = () => stopWith('the diagnosis was cancelled');
  if (callerSignal?.aborted) onCancel();
  else callerSignal?.addEventListener('abort', onCancel, { once: true });

  return {
    controller,
    async race(work, stop) {
      const aborted = new Promise<'aborted'>((resolve) => {
        if (controller.signal.aborted) resolve('aborted');
        else controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
      });
      const first = await Promise.race([work.then(() => 'done' as const), aborted]);
      if (first === 'aborted') stop();
    },
    reason: () => why,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCancel);
    },
  };
}
