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

/** `from`: when the limit starts counting (see ClaudePlannerInput.deadlineFrom); now when omitted. */
export function watchdog(timeoutMs: number, callerSignal?: AbortSignal, from?: Promise<unknown>): Watchdog {
  const controller = new AbortController();
  let why: string | undefined;
  const stopWith = (reason: string) => {
    if (why) return;
    why = reason;
    controller.abort(new Error(reason));
  };
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;
  const arm = () => {
    if (!disposed)
      timer = setTimeout(() => stopWith(`Claude Code did not finish within the ${timeoutMs} ms limit`), timeoutMs);
  };
  if (from) void from.then(arm, arm);
  else arm();
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
      disposed = true;
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCancel);
    },
  };
}
