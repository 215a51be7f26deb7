// The fixer loop with the auto-approve policy on every proposal it makes: whatever started the diagnosis (the first
// pass, a recurrence, a re-diagnosis after an expiry), a proposal in a trusted namespace is put to the policy as its
// diagnosis ends. startApp (app.ts) runs it for `clopus serve` and the demo alike, so that a trusted namespace
// behaves the same in both.
import { type AutoApproveDeps, type AutoApproveOutcome, autoApprove, type PolicyConfig } from '../policy/index.js';
import { autoApproveDeps } from './auto-approve-deps.js';
import { type FixerLoop, type FixerLoopOptions, startFixerLoop } from './fixer-loop.js';

export interface FixerWithPolicyOptions extends FixerLoopOptions {
  policy: PolicyConfig;
  /** Called with what the policy did about each proposal it judged (after any approval was applied). */
  onAutoApprove?: (incidentId: number, outcome: AutoApproveOutcome) => void;
}

export interface FixerWithPolicy extends FixerLoop {
  /** What the policy is asked with; approvals go through this loop's decisions, so they are verified here. */
  policy: AutoApproveDeps;
  /** Resolves when no auto-approval is under way. */
  idle(): Promise<void>;
}

/** Starts the fixer loop (loop.ts) and hands every proposal it makes to the auto-approve policy. */
export function startFixerWithPolicy(opts: FixerWithPolicyOptions): FixerWithPolicy {
  const { store, logger } = opts;
  const pending = new Set<Promise<void>>();
  // The loop is made next; its decisions are looked up when the policy approves, by then it exists.
  const policy = autoApproveDeps(store, opts.policy, logger, { approve: (...args) => loop.decisions.approve(...args) });
  const judge = (incidentId: number): void => {
    const run = autoApprove(policy, incidentId)
      .then((outcome) => opts.onAutoApprove?.(incidentId, outcome))
      .catch((err: unknown) => logger.warn({ err, incidentId }, 'auto-approve hook failed'))
      .finally(() => pending.delete(run));
    pending.add(run);
  };
  const loop = startFixerLoop({
    ...opts,
    onDiagnosis: (incidentId, outcome) => {
      opts.onDiagnosis?.(incidentId, outcome);
      if (outcome.outcome === 'proposed' && opts.policy.trusted.length > 0) judge(incidentId);
    },
  });
  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return {
    ...loop,
    policy,
    idle,
    // The loop first, so no new proposal arrives; then the auto-approvals under way.
    async stop() {
      await loop.stop();
      await idle();
    },
  };
}
