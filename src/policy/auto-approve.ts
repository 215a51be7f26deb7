// Auto-approve: a proposal in a trusted namespace whose every action's change class the rule allows, whose risk is
// not high and whose confidence is not low, is approved through the same decision service as a click, as actor
// "policy:<rule>", unless paused or over the rule's hourly limit there. The classes come from the safety envelope,
// so a rule can only ever approve what the envelope already admitted.
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { matchesNamespace } from './globs.js';
import { PAUSE_KEY } from './pause.js';
import type { PolicyConfig, TrustedClass, TrustedRule, TrustVerdict } from './types.js';

const HOUR_MS = 3_600_000;

export const policyActor = (rule: Pick<TrustedRule, 'name'>): string => `policy:${rule.name}`;

/** What the policy judges: the envelope's class per action, and the planner's own risk and confidence. */
export interface PendingProposal {
  id: number;
  /** One per action, in order; empty when the proposal predates the envelope (never auto-approved). */
  classes: readonly string[];
  risk: 'low' | 'medium' | 'high';
  confidence: 'low' | 'medium' | 'high';
}

/** The first trusted rule covering `namespace`, and whether it allows the proposal. Pure. */
export function trustFor(policy: PolicyConfig, namespace: string, proposal: Omit<PendingProposal, 'id'>): TrustVerdict {
  const rule = policy.trusted.find((r) => matchesNamespace(r.namespaces, namespace));
  if (!rule) return { trusted: false, reason: `namespace ${namespace} is not trusted` };
  if (proposal.classes.length === 0)
    return { trusted: false, rule, reason: 'the proposal has no change classes recorded' };
  const allowed = rule.classes as readonly string[];
  const refused = [...new Set(proposal.classes.filter((k) => !allowed.includes(k)))];
  if (refused.length > 0)
    return { trusted: false, rule, reason: `rule ${rule.name} does not allow ${refused.join(', ')}` };
  if (proposal.risk === 'high') return { trusted: false, rule, reason: 'the proposal is marked risk: high' };
  if (proposal.confidence === 'low') return { trusted: false, rule, reason: 'the proposal is marked confidence: low' };
  return { trusted: true, rule };
}

export interface AutoApproveDeps {
  store: Store;
  policy: PolicyConfig;
  /** The incident's pending proposal, if it has one. */
  pendingProposal(incidentId: number): PendingProposal | undefined;
  /** The decision service's approve, as the policy's actor and channel, bound to the proposal the policy judged. */
  approve(
    incidentId: number,
    actor: string,
    proposalId: number,
  ): Promise<{ ok: boolean; outcome: string; message: string }>;
  logger: Logger;
  now?: () => Date;
}

export type AutoApproveOutcome =
  | { outcome: 'not_trusted'; reason: string }
  | { outcome: 'skipped'; rule: string; reason: string }
  | { outcome: 'approved' | 'not_applied'; rule: string; message: string };

/** Decides whether the incident's pending proposal is auto-approved, and approves it if so. Never throws. */
export async function autoApprove(deps: AutoApproveDeps, incidentId: number): Promise<AutoApproveOutcome> {
  const { store, logger } = deps;
  const incident = store.getIncident(incidentId);
  const proposal = incident?.state === 'proposed' ? deps.pendingProposal(incidentId) : undefined;
  if (!incident || !proposal)
    return { outcome: 'not_trusted', reason: `incident ${incidentId} has no proposal waiting for a decision` };
  const verdict = trustFor(deps.policy, incident.namespace, proposal);
  if (!verdict.trusted && !verdict.rule) return { outcome: 'not_trusted', reason: verdict.reason };
  const rule = verdict.rule!;
  const actor = policyActor(rule);
  const skip = (reason: string): AutoApproveOutcome => {
    store.recordAudit(incidentId, actor, 'auto_approve_skipped', { proposalId: proposal.id, reason });
    logger.info({ incidentId, rule: rule.name, reason }, 'auto-approve skipped');
    return { outcome: 'skipped', rule: rule.name, reason };
  };
  if (!verdict.trusted) return skip(`${verdict.reason}; a person decides`);

  const now = (deps.now ?? (() => new Date()))();
  const reservation = store.reserveAutoApproval({
    rule: rule.name,
    namespace: incident.namespace,
    incidentId,
    proposalId: proposal.id,
    limit: rule.maxPerHour,
    windowStart: new Date(now.getTime() - HOUR_MS).toISOString(),
    pauseKey: PAUSE_KEY,
  });
  if (reservation === 'paused')
    return skip('auto-approve is paused (/clopus resume turns it back on); a person decides');
  if (reservation === 'limited')
    return skip(
      `rule ${rule.name} already auto-approved ${rule.maxPerHour} in namespace ${incident.namespace} in the last hour; a person decides`,
    );
  if (reservation === 'already')
    return { outcome: 'skipped', rule: rule.name, reason: `proposal ${proposal.id} was already handled by the policy` };

  // The audit names the rule and the classes it approved, before the decision, so the trail says why.
  store.recordAudit(incidentId, actor, 'auto_approve', {
    proposalId: proposal.id,
    rule: rule.name,
    classes: [...proposal.classes] as TrustedClass[],
  });
  try {
    const result = await deps.approve(incidentId, actor, proposal.id);
    logger.info({ incidentId, rule: rule.name, outcome: result.outcome }, 'auto-approved');
    return { outcome: result.ok ? 'approved' : 'not_applied', rule: rule.name, message: result.message };
  } catch (err) {
    logger.error({ incidentId, rule: rule.name, err }, 'auto-approve failed');
    return { outcome: 'not_applied', rule: rule.name, message: `Auto-approve failed: ${describeError(err)}` };
  }
}
