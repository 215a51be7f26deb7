// The effective rules, for `/clopus policy`: who approves where, what is trusted, how much of each limit is used.
import type { Store } from '../store/index.js';
import { type PauseState, pauseState } from './pause.js';
import type { PolicyConfig, TrustedRule } from './types.js';

export interface EffectivePolicy {
  approvers: string[];
  namespaceApprovers: Array<{ namespaces: string[]; approvers: string[] }>;
  /** Each trusted rule with its auto-approvals of the last hour, per namespace. */
  trusted: Array<TrustedRule & { usedLastHour: Record<string, number> }>;
  pause: PauseState;
  proposalExpiryMinutes: number;
}

export function effectivePolicy(
  store: Pick<Store, 'getSetting' | 'autoApprovalCounts'>,
  policy: PolicyConfig,
  opts: { proposalExpiryMinutes: number; now?: Date },
): EffectivePolicy {
  const since = new Date((opts.now ?? new Date()).getTime() - 3_600_000).toISOString();
  const counts = store.autoApprovalCounts(since);
  return {
    approvers: [...policy.approvers],
    namespaceApprovers: policy.namespaceApprovers.map((r) => ({
      namespaces: [...r.namespaces],
      approvers: [...r.approvers],
    })),
    trusted: policy.trusted.map((rule) => ({
      ...rule,
      usedLastHour: Object.fromEntries(counts.filter((c) => c.rule === rule.name).map((c) => [c.namespace, c.n])),
    })),
    pause: pauseState(store),
    proposalExpiryMinutes: opts.proposalExpiryMinutes,
  };
}
