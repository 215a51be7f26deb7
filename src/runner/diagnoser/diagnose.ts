// Diagnosing one incident: claim it with a guarded move to `diagnosing`, plan, and conclude with one more move.
// Losing the claim means someone else is on it, so nothing runs: that is what makes it one model run per incident.

import { join } from 'node:path';
import { FIXER_ACTOR } from '../../core/index.js';
import { describeError } from '../../errors.js';
import { NO_USAGE, type PlanResult, plan, proposalScope } from '../../planner/index.js';
import type { GitOpsDelivery } from '../../planner/proposal/index.js';
import type { AuditDetail, Incident } from '../../store/index.js';
import { gitopsContext } from './gitops.js';
import { offerLivePatch, withLiveSection } from './live-patch.js';
import { automaticRuns, eligibility, failuresInARow, retryAt } from './retry.js';
import { budgetSpent, revisionContext, revisionToAnswer } from './revision.js';
import type { DiagnoseDeps, DiagnoseOutcome } from './types.js';

/** Evidence rows handed to the planner (the detector stores one per pod it looked at, up to three). */
const EVIDENCE_ROWS = 3;

/** The incident's model budget is spent: the revised diagnosis ends with the sentence, planning nothing. */
class BudgetSpent extends Error {}

/** Spends nothing on an incident whose budget is gone, but says so in the audit trail instead of leaving it open. */
function giveUp(deps: DiagnoseDeps, incident: Incident, reason: string): DiagnoseOutcome {
  const { store } = deps;
  if (
    !store.transition(incident.id, 'open', 'diagnosing', {
      actor: FIXER_ACTOR,
      action: 'diagnose',
      detail: { skipped: reason },
    })
  ) {
    return { outcome: 'skipped', reason: 'another worker moved the incident first' };
  }
  const why = `not diagnosed again: ${reason}`;
  store.transition(incident.id, 'diagnosing', 'diagnosis_failed', { actor: FIXER_ACTOR, detail: { reason: why } });
  return { outcome: 'failed', reason: why };
}

function conclusionDetail(
  attempt: number,
  result: PlanResult,
  retry: string | undefined,
  revision: number | undefined,
): AuditDetail {
  const base = {
    attempt,
    ...(revision === undefined ? {} : { revision }),
    planner: result.planner,
    model: result.usage.model,
    costUsd: result.usage.costUsd,
  };
  switch (result.outcome) {
    case 'proposed': {
      const { rootCause, confidence, risk } = result.proposal.summary;
      return {
        ...base,
        ...(result.runbook ? { runbook: result.runbook } : {}),
        rootCause,
        confidence,
        risk,
        actions: result.proposal.actions.map((a) => a.type),
      };
    }
    case 'no_fix':
      return { ...base, explanation: result.explanation };
    case 'failed':
      return {
        ...base,
        reason: result.reason,
        retry: retry ? `automatic retry at ${retry}` : 'no automatic retry left',
      };
  }
}

/**
 * Diagnoses incident `incidentId` if it is `open`, or due for a retry (`diagnosis_failed` after the back-off,
 * `expired`), within the attempt budget, or `revising` (a reviewer asked for changes: the planner hears the
 * request and the superseded proposal, within the incident's model budget). Ends in `proposed`, `no_fix` or
 * `diagnosis_failed` with the reason in the audit detail; records the diagnosis (planner, model, turns, tokens,
 * cost, duration, session) and the proposal with its diff. Never throws for a planner failure, and never leaves
 * the incident in `diagnosing`.
 */
export async function diagnoseIncident(
  deps: DiagnoseDeps,
  incidentId: number,
  opts: { signal?: AbortSignal } = {},
): Promise<DiagnoseOutcome> {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const incident = store.getIncident(incidentId);
  if (!incident) return { outcome: 'skipped', reason: `incident ${incidentId} does not exist` };
  const diagnoses = store.listDiagnoses(incidentId);
  const allowed = eligibility(incident, diagnoses, deps.config.retry, now());
  if (!allowed.ok) {
    if ('exhausted' in allowed && incident.state === 'open') return giveUp(deps, incident, allowed.reason);
    return {
      outcome: 'skipped',
      reason: allowed.reason,
      ...('at' in allowed && allowed.at ? { retryAt: allowed.at.toISOString() } : {}),
    };
  }
  const revision = revisionToAnswer(store, incident, diagnoses);
  const overBudget = revision ? budgetSpent(store, incidentId, deps.config) : undefined;
  // A retry would fail the same way; the reviewer's request itself is answered with the sentence (below).
  if (overBudget && incident.state !== 'revising') return { outcome: 'skipped', reason: overBudget };
  // Unique per incident whatever the diagnosis answers, so a retried start is still harmless.
  const attempt = Math.max(0, ...diagnoses.map((d) => d.attempt)) + 1;
  if (
    !store.transition(incidentId, incident.state, 'diagnosing', {
      actor: FIXER_ACTOR,
      action: 'diagnose',
      detail: { attempt, planner: deps.config.planner, ...(revision ? { revision: revision.number } : {}) },
    })
  ) {
    return { outcome: 'skipped', reason: 'another worker is diagnosing it' };
  }
  const { diagnosis } = store.startDiagnosis({
    incidentId,
    attempt,
    planner: deps.config.planner === 'claude' ? 'claude' : 'runbook',
    model: null,
    ...(revision ? { revisionId: revision.id } : {}),
  });
  if (revision) store.attachRevisionDiagnosis(revision.id, diagnosis.id);
  logger.info({ incidentId, attempt, diagnosisId: diagnosis.id, revision: revision?.number }, 'diagnosis started');

  let result: PlanResult;
  let delivery: GitOpsDelivery | undefined;
  let diffText: string | undefined;
  try {
    if (overBudget) throw new BudgetSpent(overBudget);
    const scope = await proposalScope(incident, deps.kube, logger);
    const gitops = await gitopsContext(deps.gitops, incident, logger);
    try {
      if (gitops.manager) store.setIncidentManager(incidentId, gitops.manager);
      const input = {
        incident,
        evidence: store.recentEvidence(incidentId, EVIDENCE_ROWS),
        scope,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(revision ? { revision: revisionContext(store, revision, diagnoses) } : {}),
        // Kept so a question in the thread can resume it; a diagnosis Job drops it (its HOME dies with its pod).
        ...(deps.sessionsDir ? { session: { dir: join(deps.sessionsDir, `incident-${incidentId}`) } } : {}),
      };
      result =
        gitops.kind === 'no_fix'
          ? { planner: diagnosis.planner, usage: NO_USAGE, outcome: 'no_fix', explanation: gitops.explanation }
          : await plan(deps, { ...input, ...(gitops.kind === 'repo' ? { repo: gitops.repo } : {}) });
      // A live fix for a workload whose manager reverts drift would come undone at the next sync: no fix, saying so.
      if (
        gitops.kind === 'repo' &&
        gitops.delivery.manager.selfHeal &&
        result.outcome === 'proposed' &&
        !result.proposal.actions.some((a) => a.type === 'edit_repo_file')
      )
        result = {
          planner: result.planner,
          usage: result.usage,
          outcome: 'no_fix',
          explanation: `The ${result.planner} planner proposed a live change (${[...new Set(result.proposal.actions.map((a) => a.type))].join(', ')}), but the workload is ${gitops.delivery.manager.description}; only an edit of ${gitops.delivery.sourcePath} in ${gitops.delivery.repoUrl} would last.`,
        };
      // Delivered as a PR only when the proposal edits the repository; a live fix stays live.
      if (
        gitops.kind === 'repo' &&
        result.outcome === 'proposed' &&
        result.proposal.actions.some((a) => a.type === 'edit_repo_file')
      ) {
        delivery = gitops.delivery;
        diffText = result.diff.text;
        const offer = gitops.delivery.manager.selfHeal
          ? undefined
          : await offerLivePatch(deps, input, gitops.repo, result.proposal, logger);
        if (offer) {
          delivery = { ...delivery, livePatch: offer };
          diffText = withLiveSection(diffText, offer);
        }
      }
    } finally {
      await gitops.cleanup();
    }
  } catch (err) {
    result = {
      planner: diagnosis.planner,
      usage: NO_USAGE,
      outcome: 'failed',
      reason: err instanceof BudgetSpent ? err.message : `the diagnosis failed: ${describeError(err)}`,
    };
  }

  const failures = result.outcome === 'failed' ? failuresInARow(diagnoses) + 1 : 0;
  const finishedAt = now().toISOString();
  const counted = automaticRuns([...diagnoses, diagnosis]);
  const retry =
    result.outcome === 'failed' && !overBudget && counted < deps.config.retry.maxAttempts
      ? retryAt({ ...diagnosis, status: 'failed', finishedAt }, failures, deps.config.retry)?.toISOString()
      : undefined;
  const finish = {
    status: result.outcome === 'failed' ? ('failed' as const) : result.outcome,
    planner: result.planner,
    usage: result.usage,
    finishedAt,
    ...(result.outcome === 'failed' ? { error: result.reason } : {}),
    ...(result.outcome === 'no_fix' ? { explanation: result.explanation } : {}),
    ...(result.outcome === 'proposed' ? { explanation: result.proposal.summary.rootCause } : {}),
    ...(result.sessionId ? { sessionId: result.sessionId } : {}),
  };
  const to = result.outcome === 'failed' ? 'diagnosis_failed' : result.outcome;
  const concluded = store.concludeDiagnosis({
    diagnosisId: diagnosis.id,
    finish,
    ...(result.outcome === 'proposed'
      ? {
          proposal: {
            summary: result.proposal.summary,
            actions: result.proposal.actions,
            diff: diffText ?? result.diff.text,
            classes: result.classes,
            ...(delivery ? { delivery } : {}),
          },
        }
      : {}),
    to,
    actor: FIXER_ACTOR,
    detail: conclusionDetail(attempt, result, retry, revision?.number),
  });
  const log = {
    incidentId,
    attempt,
    diagnosisId: diagnosis.id,
    planner: result.planner,
    outcome: result.outcome,
    moved: concluded.moved,
    ...result.usage,
  };
  if (result.outcome === 'failed') logger.warn({ ...log, reason: result.reason, retryAt: retry }, 'diagnosis failed');
  else logger.info(log, 'diagnosis finished');

  switch (result.outcome) {
    case 'proposed':
      return {
        outcome: 'proposed',
        diagnosisId: diagnosis.id,
        proposalId: concluded.proposalId!,
        planner: result.planner,
      };
    case 'no_fix':
      return { outcome: 'no_fix', diagnosisId: diagnosis.id, planner: result.planner, explanation: result.explanation };
    case 'failed':
      return {
        outcome: 'failed',
        diagnosisId: diagnosis.id,
        planner: result.planner,
        reason: result.reason,
        ...(retry ? { retryAt: retry } : {}),
      };
  }
}
