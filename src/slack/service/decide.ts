// A decision from Slack: the approver check (refusals audited), then the decision service bound to what the person
// saw. A button carries the proposal and the hash of its actions, and the service refuses anything else; `/clopus
// approve ID` never applies: it answers with the proposal and buttons bound to it. "Request changes" goes the same
// way (who may ask, then the binding). Exactly-once is the decision service's guarantee; this adds who may ask.
import { describeError } from '../../errors.js';
import { authorizeDecision } from '../../policy/index.js';
import { redact } from '../../redact/index.js';
import { type ExpectedProposal, previewDecision } from '../../remediation/index.js';
import type { Incident } from '../../store/index.js';
import {
  md,
  notice,
  proposalPreview,
  prose,
  proseWithMentions,
  type Reply,
  raw,
  refusal,
  slackWording,
  text,
} from '../render/index.js';
import { loadIncidentView } from '../view.js';
import type { DecisionRequest, ServiceDeps, SlackDecision } from './types.js';

const VERB = {
  approve: 'approve',
  reject: 'reject',
  rollback: 'roll back',
  request_changes: 'request changes to',
} as const;

export const slackActor = (userId: string): string => `slack:${userId}`;

type Answer = Awaited<ReturnType<ServiceDeps['decisions']['approve']>>;

export function answer(deps: ServiceDeps, result: Answer): Reply {
  const mark = result.ok
    ? ':white_check_mark:'
    : result.outcome === 'already_decided'
      ? ':information_source:'
      : ':warning:';
  const next = !result.ok && result.next ? ` ${slackWording(result.next, deps.command)}` : '';
  return notice(md`${raw(mark)} ${proseWithMentions(`${slackWording(result.message, deps.command)}${next}`)}`);
}

/** `/clopus approve ID`: the proposal with Approve and Reject bound to it, or why there is nothing to approve. */
function approvalPreview(deps: ServiceDeps, incidentId: number): Reply {
  const preview = previewDecision(deps.store, incidentId, 'approve');
  if (!preview.decidable) return answer(deps, preview.result);
  const view = loadIncidentView(deps.store, incidentId);
  const shown = view?.proposals.at(-1);
  if (!view || !shown || shown.id !== preview.expected.proposalId)
    return notice(
      text(`Incident ${incidentId} changed while Clopus read it; run ${deps.command} approve ${incidentId} again.`),
    );
  const msg = proposalPreview(view, shown);
  return { text: msg.text, blocks: msg.blocks };
}

async function decide(deps: ServiceDeps, req: DecisionRequest, incidentId: number, actor: string): Promise<Reply> {
  if (req.kind === 'rollback') {
    // Rollback undoes what the latest proposal applied: a button of an older one only explains.
    const latest = deps.store.latestProposal(incidentId);
    if (req.proposalId !== undefined && latest && latest.id !== req.proposalId) {
      return notice(
        text(
          `Nothing was done: that button belongs to proposal ${req.proposalId}, which was replaced by proposal ${latest.id}. Review the newest proposal in the thread.`,
        ),
      );
    }
    return answer(deps, await deps.decisions.rollback(incidentId, actor, 'slack'));
  }
  if (req.via === 'command' && req.kind === 'approve') return approvalPreview(deps, incidentId);
  let expected: ExpectedProposal | undefined;
  if (req.via === 'button') {
    if (req.proposalId === undefined || req.actionsHash === undefined) {
      // Posted before decisions were bound to what was shown; serve refreshes the live messages when it starts.
      return notice(
        text(
          `Nothing was done: that button does not say which version of the proposal you saw. Use the buttons of the proposal in the thread, or ${deps.command} approve ${incidentId}.`,
        ),
      );
    }
    expected = { proposalId: req.proposalId, actionsHash: req.actionsHash };
  }
  const bound = expected ? { expected } : {};
  // Typed words are stored and shown back: secrets in them go no further than this.
  const reason = req.reason === undefined ? undefined : redact(req.reason);
  const result =
    req.kind === 'approve'
      ? await deps.decisions.approve(incidentId, actor, 'slack', { ...bound, ...(req.live ? { live: true } : {}) })
      : req.kind === 'request_changes'
        ? await deps.decisions.requestChanges(incidentId, actor, 'slack', req.request ?? '', bound)
        : await deps.decisions.reject(incidentId, actor, 'slack', reason, bound);
  return answer(deps, result);
}

/** The approver check for `kind` on `incident`; a refusal is audited as `<kind>_refused` and answered. */
export async function refusedFor(
  deps: ServiceDeps,
  incident: Incident,
  req: { kind: SlackDecision; userId: string; via: string; proposalId?: number | undefined },
): Promise<Reply | undefined> {
  const auth = await authorizeDecision(deps.approvers, req.userId, incident.namespace);
  if (auth.allowed) return undefined;
  deps.store.recordAudit(incident.id, slackActor(req.userId), `${req.kind}_refused`, {
    reason: auth.reason,
    via: req.via,
    ...(req.proposalId ? { proposalId: req.proposalId } : {}),
  });
  deps.logger.warn(
    { incidentId: incident.id, userId: req.userId, kind: req.kind },
    'decision refused: not an approver',
  );
  return refusal(`${VERB[req.kind]} incident ${incident.id}`, auth.reason);
}

export async function decideFromSlack(deps: ServiceDeps, req: DecisionRequest): Promise<Reply> {
  const { store, logger } = deps;
  const incident = store.getIncident(req.incidentId);
  if (!incident)
    return notice(text(`Incident ${req.incidentId} does not exist; ${deps.command} list shows the open ones.`));
  const actor = slackActor(req.userId);
  const refused = await refusedFor(deps, incident, req);
  if (refused) return refused;
  try {
    return await decide(deps, req, incident.id, actor);
  } catch (err) {
    logger.error({ incidentId: incident.id, kind: req.kind, err }, 'decision from Slack failed');
    const what = req.kind === 'request_changes' ? 'change request' : req.kind;
    return notice(
      md`:warning: ${prose(`The ${what} of incident ${incident.id} stopped on an error: ${describeError(err)}. Check it with ${deps.command} show ${incident.id}.`)}`,
    );
  } finally {
    if (!(req.via === 'command' && req.kind === 'approve')) deps.sync?.(incident.id);
  }
}
