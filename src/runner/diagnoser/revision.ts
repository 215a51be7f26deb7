// The revision a diagnosis answers, if any: a reviewer's "Request changes" (the incident is `revising`), or the
// retry of a revised diagnosis that failed. It carries the reviewer's words, the superseded proposal and why earlier
// proposals were refused, and is bounded by the incident's model budget.
import type { Config } from '../../config/index.js';
import type { RevisionContext } from '../../planner/index.js';
import { sanitizeShort } from '../../redact/index.js';
import { type Diagnosis, type Incident, incidentBudget, type Revision, type Store } from '../../store/index.js';

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** Earlier refusals the model hears, newest last; each one a line. */
const MAX_REFUSALS = 5;
const MAX_REFUSAL_CHARS = 600;

/**
 * The revision this diagnosis of `incident` should answer: the latest one when the incident is `revising`, or
 * when it failed in a diagnosis of that revision which made no proposal yet (a retry keeps the reviewer's words).
 */
export function revisionToAnswer(
  store: Pick<Store, 'latestRevision'>,
  incident: Incident,
  diagnoses: readonly Diagnosis[],
): Revision | undefined {
  if (incident.state !== 'revising' && incident.state !== 'diagnosis_failed') return undefined;
  const revision = store.latestRevision(incident.id);
  if (!revision || revision.proposalAfterId !== null) return undefined;
  if (incident.state === 'revising') return revision;
  return diagnoses.at(-1)?.revisionId === revision.id ? revision : undefined;
}

/** Why earlier diagnoses of the incident made no proposal that counted: their failure reasons, deduplicated. */
function refusalsOf(diagnoses: readonly Diagnosis[]): string[] {
  const reasons = diagnoses.flatMap((d) =>
    d.status === 'failed' && d.error ? [sanitizeShort(d.error, MAX_REFUSAL_CHARS)] : [],
  );
  return [...new Set(reasons)].slice(-MAX_REFUSALS);
}

/** What the planner is told about the revision: the request, who asked, the proposal it replaces, the refusals. */
export function revisionContext(
  store: Pick<Store, 'getProposal'>,
  revision: Revision,
  diagnoses: readonly Diagnosis[],
): RevisionContext {
  const previous = store.getProposal(revision.proposalId);
  return {
    number: revision.number,
    request: revision.request,
    requestedBy: revision.requestedBy,
    previous: previous
      ? { summary: previous.summary, actions: previous.actions, diff: previous.diff }
      : { summary: null, actions: [], diff: '' },
    refusals: refusalsOf(diagnoses),
  };
}

/** The sentence a revised diagnosis fails with when the incident's model budget is spent; undefined while it is not. */
export function budgetSpent(
  store: Pick<Store, 'incidentModelUsage'>,
  incidentId: number,
  config: Partial<Pick<Config['fixer'], 'incidentBudgetUsd'>>,
): string | undefined {
  const b = incidentBudget(store, incidentId, config.incidentBudgetUsd);
  if (b.leftUsd > 0) return undefined;
  return `incident ${incidentId} has used ${usd(b.spentUsd)} of its ${usd(b.budgetUsd)} model budget (fixer.incidentBudgetUsd), so no revised proposal was made`;
}
