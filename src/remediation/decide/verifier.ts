// Verifications in the background: one per applied incident at a time, started after an apply or found by a sweep
// (an approval from the CLI, a restart), and stopped without a verdict on shutdown, to be resumed on the next start.
import { appliedIncidents } from './interrupted.js';
import type { DecideDeps, DecisionResult } from './types.js';
import { verifyIncident } from './verify.js';

export interface VerificationRunnerOptions {
  /** Called with each verdict (or failure to judge), e.g. to print it or tell Slack. */
  onResult?: (incidentId: number, result: DecisionResult) => void;
}

export class VerificationRunner {
  private readonly running = new Map<number, { abort: AbortController; done: Promise<void> }>();
  private stopped = false;

  constructor(
    private readonly deps: DecideDeps,
    private readonly opts: VerificationRunnerOptions = {},
  ) {}

  /** Starts verifying `incidentId` unless it is already being verified here; the verification reads the state itself. */
  start(incidentId: number): boolean {
    if (this.stopped || this.running.has(incidentId)) return false;
    const abort = new AbortController();
    const done = verifyIncident(this.deps, incidentId, { signal: abort.signal })
      .then((result) => this.opts.onResult?.(incidentId, result))
      .catch((err: unknown) => {
        if (!abort.signal.aborted) this.deps.logger.error({ err, incidentId }, 'verification failed');
      })
      .finally(() => this.running.delete(incidentId));
    this.running.set(incidentId, { abort, done });
    return true;
  }

  /** Starts a verification for every applied incident not already watched here; returns how many it started. */
  sweep(): number {
    if (this.stopped) return 0;
    let started = 0;
    for (const incident of appliedIncidents(this.deps.store)) if (this.start(incident.id)) started++;
    return started;
  }

  /** Stops watching one incident without a verdict (a rollback is under way). */
  cancel(incidentId: number): void {
    this.running.get(incidentId)?.abort.abort();
  }

  has(incidentId: number): boolean {
    return this.running.has(incidentId);
  }

  /** Resolves when no verification is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** Stops every verification without a verdict; their incidents stay `applied` and are resumed on the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const r of this.running.values()) r.abort.abort();
    await this.idle();
  }
}
