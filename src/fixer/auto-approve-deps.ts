// What the auto-approve policy needs from the fixer: an incident's pending proposal (its action kinds), and an
// approval made as the policy. `clopus serve` and the demo wire the policy the same way through this.
import type { Logger } from '../logger.js';
import type { AutoApproveDeps, PolicyConfig } from '../policy/index.js';
import type { Store } from '../store/index.js';
import type { DecisionService } from './decide/index.js';
import { loadLatestProposal } from './proposals.js';

export function autoApproveDeps(store: Store, policy: PolicyConfig, logger: Logger, decisions: Pick<DecisionService, 'approve'>): AutoApproveDeps {
  return {
    store, policy, logger,
    pendingProposal: (id) => {
      const latest = loadLatestProposal(store, id);
      return latest?.status === 'pending' ? { id: latest.id, kinds: latest.proposal.actions.map((a) => a.type) } : undefined;
    },
    approve: (id, actor) => decisions.approve(id, actor, 'policy'),
  };
}
