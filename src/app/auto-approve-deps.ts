// What the auto-approve policy needs from the fixer: an incident's pending proposal (its change classes, risk and confidence), and an
// approval made as the policy. `clopus serve` and the demo wire the policy the same way through this.
import type { Logger } from '../logger.js';
import { loadLatestProposal } from '../planner/index.js';
import type { AutoApproveDeps, PolicyConfig } from '../policy/index.js';
import type { DecisionService } from '../remediation/index.js';
import { expectedFor } from '../remediation/index.js';
import type { Store } from '../store/index.js';

export function autoApproveDeps(
  store: Store,
  policy: PolicyConfig,
  logger: Logger,
  decisions: Pick<DecisionService, 'approve'>,
): AutoApproveDeps {
  return {
    store,
    policy,
    logger,
    pendingProposal: (id) => {
      const latest = loadLatestProposal(store, id);
      if (latest?.status !== 'pending') return undefined;
      // Classes only count when there is one per action: a proposal from before the envelope waits for a person.
      const classes =
        latest.classes.length === latest.proposal.actions.length ? latest.classes.map((c) => c.changeClass) : [];
      return {
        id: latest.id,
        classes,
        risk: latest.proposal.summary.risk,
        confidence: latest.proposal.summary.confidence,
      };
    },
    // Bound like a click: if a newer proposal replaced the one judged here, nothing is applied.
    approve: (id, actor, proposalId) =>
      decisions.approve(id, actor, 'policy', { expected: expectedFor(store, proposalId) }),
  };
}
