// A decision from Slack: the approver check (refusals audited), the check that a button still belongs to the
// current proposal, then the decision service, whose answer (who decided first, why a proposal is no longer open)
// is what the person sees. Exactly-once is the decision service's guarantee; this adds who may ask.
import { describeError } from '../../errors.js';
import { authorizeDecision } from '../../policy/index.js';
import { md, notice, prose, proseWithMentions, raw, refusal, slackWording, text, type Reply } from '../render/index.js';
import type { DecisionRequest, ServiceDeps } from './types.js';

const VERB = { approve: 'approve', reject: 'reject', rollback: 'roll back' } as const;

export const slackActor = (userId: string): string => `slack:${userId}`;

export async function decideFromSlack(deps: ServiceDeps, req: DecisionRequest): Promise<Reply> {
  const { store, logger } = deps;
  const incident = store.getIncident(req.incidentId);
  if (!incident) return notice(text(`Incident ${req.incidentId} does not exist; ${deps.command} list shows the open ones.`));
  const actor = slackActor(req.userId);
  const auth = await authorizeDecision(deps.approvers, req.userId, incident.namespace);
  if (!auth.allowed) {
    store.recordAudit(incident.id, actor, `${req.kind}_refused`, { reason: auth.reason, via: req.via, ...(req.proposalId ? { proposalId: req.proposalId } : {}) });
    logger.warn({ incidentId: incident.id, userId: req.userId, kind: req.kind }, 'decision refused: not an approver');
    return refusal(`${VERB[req.kind]} incident ${incident.id}`, auth.reason);
  }
  if (req.proposalId !== undefined) {
    const latest = store.latestProposal(incident.id);
    if (latest && latest.id !== req.proposalId) {
      return notice(text(`Nothing was done: that button belongs to proposal ${req.proposalId}, which was replaced by proposal ${latest.id}. Review the newest proposal in the thread.`));
    }
  }
  try {
    const result =
      req.kind === 'approve' ? await deps.decisions.approve(incident.id, actor, 'slack')
      : req.kind === 'reject' ? await deps.decisions.reject(incident.id, actor, 'slack', req.reason)
      : await deps.decisions.rollback(incident.id, actor, 'slack');
    const mark = result.ok ? ':white_check_mark:' : result.outcome === 'already_decided' ? ':information_source:' : ':warning:';
    const next = !result.ok && result.next ? ` ${slackWording(result.next, deps.command)}` : '';
    return notice(md`${raw(mark)} ${proseWithMentions(`${slackWording(result.message, deps.command)}${next}`)}`);
  } catch (err) {
    logger.error({ incidentId: incident.id, kind: req.kind, err: describeError(err) }, 'decision from Slack failed');
    return notice(md`:warning: ${prose(`The ${req.kind} of incident ${incident.id} stopped on an error: ${describeError(err)}. Check it with ${deps.command} show ${incident.id}.`)}`);
  } finally {
    deps.sync?.(incident.id);
  }
}
