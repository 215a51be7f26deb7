// Applying an approved proposal: re-check that it is not stale, then run its actions in order, recording each
// with what was there before, and stop at the first failure so everything done can still be rolled back.

import type { KubeClient } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import type { EnvelopeSettings, Proposal } from '../../planner/index.js';
import { type RecheckResult, recheck, recheckFailure } from './recheck.js';
import { runAction, targetOf } from './run-action.js';
import type { ActionRecord, ActionRecorder, ActionResult, ApplyIncident, ApplyOutcome, PlannedState } from './types.js';

export interface ApplyInput {
  kube: KubeClient;
  /** The stored proposal's id: the key its action records are kept under. */
  proposalId: number;
  proposal: Proposal;
  incident: ApplyIncident;
  planned: PlannedState;
  recorder: ActionRecorder;
  logger: Logger;
  now?: () => Date;
  /** Per exec action; default 60 s. */
  execTimeoutMs?: number;
  /** The envelope's bounds (fixer.envelope); its defaults when unset. */
  envelope?: EnvelopeSettings;
}

const resultOf = (r: ActionRecord): ActionResult => ({
  seq: r.seq,
  kind: r.kind,
  target: r.target,
  status: r.status,
  detail: r.detail,
});

/**
 * An apply that already ran (a retry, a second replica, a restart mid-apply) is not run again: its recorded
 * outcome is returned. Fewer records than actions with no failure means the earlier run was interrupted.
 */
function replay(records: readonly ActionRecord[], proposal: Proposal, at: string): ApplyOutcome {
  const results = records.map(resultOf);
  const failed = records.find((r) => r.status === 'failed');
  if (failed)
    return {
      status: 'apply_failed',
      results,
      reason: `action ${failed.seq} (${failed.kind}) failed: ${failed.detail}`,
      at: failed.at,
    };
  if (records.length < proposal.actions.length || records.some((r) => r.status !== 'applied')) {
    return {
      status: 'apply_failed',
      results,
      reason: `an earlier apply stopped after ${records.filter((r) => r.status === 'applied').length} of ${proposal.actions.length} actions; roll it back and plan again`,
      at,
    };
  }
  return { status: 'applied', results, at: records[0]?.at ?? at };
}

/** Applies a proposal once; refuses a stale one without changing anything. */
export async function applyProposal(input: ApplyInput): Promise<ApplyOutcome> {
  const { kube, proposalId, proposal, incident, recorder, logger } = input;
  const now = input.now ?? (() => new Date());
  const log = logger.child({ incidentId: incident.id, proposalId });
  const existing = await recorder.list(proposalId);
  if (existing.length > 0) {
    log.info({ records: existing.length }, 'proposal already applied; returning the recorded outcome');
    return replay(existing, proposal, now().toISOString());
  }

  let checked: RecheckResult;
  try {
    checked = await recheck(kube, proposal, incident, input.planned, input.envelope);
  } catch (err) {
    // Forbidden or unreachable while only reading: nothing changed, and no record is left, so a retry may run.
    checked = {
      ok: false,
      status: 'apply_failed',
      reason: `could not re-check the proposal, so nothing was changed: ${recheckFailure(err).sentence}`,
    };
  }
  const at = now().toISOString();
  const ctx = {
    kube,
    incident,
    podUids: checked.ok ? checked.podUids : {},
    execTimeoutMs: input.execTimeoutMs ?? 60_000,
  };
  const results: ActionResult[] = [];
  const record = async (r: ActionRecord): Promise<void> => {
    await recorder.record(r);
    results.push(resultOf(r));
  };

  if (!checked.ok) {
    log.warn({ status: checked.status, reason: checked.reason }, 'proposal not applied');
    for (const [i, action] of proposal.actions.entries()) {
      const r = {
        seq: i + 1,
        kind: action.type,
        target: targetOf(action, ctx),
        status: 'skipped' as const,
        detail: `not run: ${checked.reason}`,
      };
      // A stale or unchecked proposal leaves no records (a later re-check may pass); a container that cannot be
      // edited is a recorded failure of that action.
      if (checked.seq === undefined) results.push(r);
      else
        await record({
          ...r,
          proposalId,
          before: null,
          after: null,
          at,
          ...(checked.seq === r.seq ? { status: 'failed', detail: checked.reason } : {}),
        });
    }
    return { status: checked.status, results, reason: checked.reason, at };
  }

  let failure: { seq: number; reason: string } | undefined;
  for (const [i, action] of proposal.actions.entries()) {
    const seq = i + 1;
    const base = { proposalId, seq, kind: action.type, target: targetOf(action, ctx) };
    if (failure !== undefined) {
      await record({
        ...base,
        before: null,
        after: null,
        status: 'skipped',
        detail: `not run: action ${failure.seq} failed`,
        at: now().toISOString(),
      });
      continue;
    }
    await recorder.begin({ ...base, at: now().toISOString() });
    const run = await runAction(action, ctx);
    if (run.ok) {
      await record({
        ...base,
        before: run.before,
        after: run.after,
        status: 'applied',
        detail: run.detail,
        at: now().toISOString(),
      });
      log.info({ seq, kind: action.type }, 'action applied');
    } else {
      failure = { seq, reason: `action ${seq} (${action.type}) failed: ${run.reason}` };
      await record({
        ...base,
        before: run.before,
        after: run.after ?? null,
        status: 'failed',
        detail: run.reason,
        at: now().toISOString(),
      });
      log.warn({ seq, kind: action.type, reason: run.reason }, 'action failed; stopping');
    }
  }
  return failure === undefined
    ? { status: 'applied', results, at }
    : { status: 'apply_failed', results, reason: failure.reason, at };
}
