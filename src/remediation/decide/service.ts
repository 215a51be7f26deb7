// The decision service: what a button, a slash command or the CLI calls. Each call only names an incident; the
// service reads the stored state and advances it by guarded moves, so repeats and races are answered, not redone.
import type { DecisionChannel } from '../../store/index.js';
import { approveIncident } from './approve.js';
import { awaitVerdict, type VerifyProgress } from './await-verdict.js';
import type { ExpectedProposal } from './binding.js';
import { recoverInterrupted } from './interrupted.js';
import { type RejectOptions, rejectIncident } from './reject.js';
import { type RequestChangesOptions, requestChanges } from './revise.js';
import { rollbackIncident } from './rollback.js';
import type { DecideDeps, DecisionResult } from './types.js';
import type { VerificationRunner } from './verifier.js';

export interface DecisionService {
  /**
   * Approves and applies the latest proposal, which must be `expected` (the one the person saw) when given; `wait`
   * also watches the verification window and returns the first verdict recorded (this process's or another's),
   * telling `onProgress` how it goes meanwhile.
   */
  approve(
    incidentId: number,
    actor: string,
    via: DecisionChannel,
    opts?: {
      wait?: boolean;
      expected?: ExpectedProposal;
      onProgress?: (progress: VerifyProgress) => void;
      /** "Live patch now + PR", where it is offered (a GitOps proposal whose manager has self-heal off). */
      live?: boolean;
    },
  ): Promise<DecisionResult>;
  reject(
    incidentId: number,
    actor: string,
    via: DecisionChannel,
    reason?: string,
    opts?: RejectOptions,
  ): Promise<DecisionResult>;
  rollback(incidentId: number, actor: string, via: DecisionChannel): Promise<DecisionResult>;
  /**
   * Supersedes the latest proposal, which must be `expected` when given, with the reviewer's `request` for
   * changes; the revised diagnosis is queued through `DecideDeps.onRevision`. Bounded by fixer.maxRevisions and
   * fixer.incidentBudgetUsd.
   */
  requestChanges(
    incidentId: number,
    actor: string,
    via: DecisionChannel,
    request: string,
    opts?: RequestChangesOptions,
  ): Promise<DecisionResult>;
}

/** Joins an apply's result and its verdict into one answer. */
function withVerdict(applied: DecisionResult, verdict: DecisionResult): DecisionResult {
  return { ...applied, ...verdict, actions: applied.actions ?? [], message: `${applied.message} ${verdict.message}` };
}

/**
 * With a `verifier` (serve, the demo) an applied fix is verified in the background; without one (the CLI) it is
 * left `applied` for whichever `clopus serve` sweeps next, unless the caller waits.
 */
export function createDecisionService(deps: DecideDeps, opts: { verifier?: VerificationRunner } = {}): DecisionService {
  const { verifier } = opts;
  return {
    async approve(incidentId, actor, via, approveOpts = {}) {
      const expected = {
        ...(approveOpts.expected ? { expected: approveOpts.expected } : {}),
        ...(approveOpts.live ? { live: true } : {}),
      };
      const applied = await approveIncident(
        deps,
        incidentId,
        actor,
        via,
        approveOpts.wait ? expected : { ...expected, onApplied: (id) => verifier?.start(id) },
      );
      if (applied.outcome !== 'applied') return applied;
      if (!approveOpts.wait) {
        if (verifier) return applied;
        // Nothing in this process will watch it: say who will. Its window is that process's setting, not this one's.
        return {
          ...applied,
          next: `A running clopus serve verifies it over its verify window and records verified or regressed; follow it with: clopus show ${incidentId}`,
        };
      }
      return withVerdict(
        applied,
        await awaitVerdict(deps, incidentId, approveOpts.onProgress ? { onProgress: approveOpts.onProgress } : {}),
      );
    },
    reject: (incidentId, actor, via, reason, rejectOpts) =>
      rejectIncident(deps, incidentId, actor, via, reason, rejectOpts),
    rollback: (incidentId, actor, via) =>
      rollbackIncident(deps, incidentId, actor, via, { onRollback: (id) => verifier?.cancel(id) }),
    requestChanges: (incidentId, actor, via, request, changeOpts) =>
      requestChanges(deps, incidentId, actor, via, request, changeOpts),
  };
}

/**
 * What `serve` runs on start and then periodically: work a stopped bot left in `applying` or `approved` is marked
 * interrupted, and every applied incident is verified from the time it was applied.
 */
export function resumeDecisions(
  deps: DecideDeps,
  verifier: VerificationRunner,
): { interrupted: number; verifying: number } {
  return { interrupted: recoverInterrupted(deps), verifying: verifier.sweep() };
}
