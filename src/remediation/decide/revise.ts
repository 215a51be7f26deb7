// Requesting changes: a reviewer's words supersede the pending proposal (`proposed → revising`) and a revised
// diagnosis follows. Nothing is applied; the words are bounded, redacted and kept as the incident's next revision.

import { DEFAULT_MAX_REVISIONS } from '../../config/index.js';
import { sanitize } from '../../redact/index.js';
import { type DecisionChannel, incidentBudget, type RevisionChannel } from '../../store/index.js';
import { type ExpectedProposal, replacedBecause } from './binding.js';
import { alreadyDecided, notDecidable, notFound, refused } from './describe.js';
import type { DecideDeps, DecisionResult } from './types.js';

/** What a reviewer may write: enough for a paragraph, short enough for a prompt and a Slack modal. */
export const MAX_REQUEST_CHARS = 2000;
export const BAD_REQUEST = `Say what should change (at most ${MAX_REQUEST_CHARS} characters).`;

const usd = (n: number): string => `$${n.toFixed(2)}`;

export interface RequestChangesOptions {
  /** The proposal the person saw; anything else is refused, as for approve and reject. */
  expected?: ExpectedProposal;
}

/** The reviewer's words as they are stored and shown to the model: one clean, redacted text, or why not. */
function cleanRequest(request: string): string | undefined {
  const trimmed = request.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_REQUEST_CHARS) return undefined;
  // Typed text can hold pasted secrets and terminal escapes as well as any log line can.
  const clean = sanitize(trimmed, Number.MAX_SAFE_INTEGER).text.trim();
  return clean.length === 0 ? undefined : clean;
}

const revisionChannel = (via: DecisionChannel): RevisionChannel | undefined =>
  via === 'slack' || via === 'cli' ? via : undefined;

/**
 * Supersedes incident `incidentId`'s pending proposal with a reviewer's request for changes, within
 * `fixer.maxRevisions` and the incident's model budget, and asks for the revised diagnosis (`deps.onRevision`).
 * Needs no cluster: the diagnosis that follows reads it.
 */
/**
 * Why no (further) revision of incident `incidentId` may be asked for, or undefined: revisions turned off, the model
 * budget spent, or (with `countRevisions`) the revisions used up. The store checks the count again as it writes, so
 * this is also what Slack asks before it opens the Request changes form.
 */
export function revisionRefusal(
  store: Pick<DecideDeps['store'], 'incidentModelUsage' | 'revisionsOf'>,
  incidentId: number,
  proposalId: number,
  config: { maxRevisions?: number; incidentBudgetUsd?: number },
  opts: { countRevisions?: boolean } = {},
): string | undefined {
  const maxRevisions = config.maxRevisions ?? DEFAULT_MAX_REVISIONS;
  if (maxRevisions === 0)
    return `Requesting changes is turned off (fixer.maxRevisions is 0); approve or reject proposal ${proposalId} instead.`;
  const b = incidentBudget(store, incidentId, config.incidentBudgetUsd);
  if (b.leftUsd <= 0)
    return `Incident ${incidentId} has used ${usd(b.spentUsd)} of its ${usd(b.budgetUsd)} model budget (fixer.incidentBudgetUsd); approve or reject proposal ${proposalId} instead.`;
  const used = opts.countRevisions === false ? 0 : store.revisionsOf(incidentId).length;
  if (used >= maxRevisions)
    return `Incident ${incidentId} already had ${used} revisions, the most allowed (fixer.maxRevisions); approve or reject proposal ${proposalId}, or raise the limit.`;
  return undefined;
}

export async function requestChanges(
  deps: Pick<DecideDeps, 'store' | 'logger' | 'config' | 'onRevision'>,
  incidentId: number,
  actor: string,
  via: DecisionChannel,
  request: string,
  opts: RequestChangesOptions = {},
): Promise<DecisionResult> {
  const { store, logger } = deps;
  const incident = store.getIncident(incidentId);
  if (!incident) return notFound(incidentId);
  const proposal = store.latestProposal(incidentId);
  if (!proposal)
    return refused(incident, `Incident ${incidentId} has no proposal to revise (it is ${incident.state}).`);
  const replaced = opts.expected ? replacedBecause(incidentId, proposal, opts.expected) : undefined;
  if (replaced) return refused(incident, `Changes not requested: ${replaced}`, proposal.id);
  if (incident.state !== 'proposed' || proposal.status !== 'pending') {
    const first = store.listDecisions(proposal.id).find((d) => d.decision === 'approve' || d.decision === 'reject');
    if (first) return alreadyDecided(incident, first);
    const revision = store.latestRevision(incidentId);
    if (revision && revision.proposalId === proposal.id && incident.state === 'revising')
      return refused(
        incident,
        `Changes to proposal ${proposal.id} were already requested by ${revision.requestedBy} at ${revision.createdAt} (revision ${revision.number}); a revised proposal is being prepared.`,
        proposal.id,
      );
    return refused(incident, `Changes not requested: ${notDecidable(store, incident, proposal)}`, proposal.id);
  }
  const channel = revisionChannel(via);
  if (!channel)
    return refused(incident, `Only a person asks for changes (in Slack or the CLI), not ${via}.`, proposal.id);
  const words = cleanRequest(request);
  if (words === undefined) return refused(incident, BAD_REQUEST, proposal.id);

  const maxRevisions = deps.config.maxRevisions ?? DEFAULT_MAX_REVISIONS;
  const spent = revisionRefusal(store, incidentId, proposal.id, deps.config, { countRevisions: false });
  if (spent) return refused(incident, spent, proposal.id);

  const result = store.requestRevision({
    incidentId,
    proposalId: proposal.id,
    actor,
    request: words,
    via: channel,
    maxRevisions,
  });
  if (!result.ok) {
    const now = store.getIncident(incidentId) ?? incident;
    return refused(now, result.message, proposal.id);
  }
  const { revision } = result;
  logger.info(
    { incidentId, proposalId: proposal.id, revision: revision.number, actor, via },
    'changes requested on a proposal',
  );
  try {
    deps.onRevision?.(incidentId);
  } catch (err) {
    // The revision is recorded; a sweep of the diagnoser picks up a `revising` incident all the same.
    logger.warn({ err, incidentId }, 'the revised diagnosis could not be queued');
  }
  return {
    ok: true,
    outcome: 'revision_requested',
    incidentId,
    proposalId: proposal.id,
    state: 'revising',
    message: `Changes requested by ${actor} (revision ${revision.number} of ${maxRevisions}): a revised proposal is being prepared; proposal ${proposal.id} will not be applied.`,
    next: `A running clopus serve prepares the revised proposal; follow it with: clopus show ${incidentId}`,
  };
}
