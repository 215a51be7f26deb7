// Settings (e.g. the auto-approve pause switch) and the auto-approve counters the policy reserves slots in.

import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import type { AutoApprovalRequest, AutoApprovalReservation, Setting } from '../outbox-types.js';
import {
  autoApprovalCounts,
  countAutoApprovals,
  getSetting,
  reserveAutoApproval,
  setSetting,
} from '../policy-state.js';

export interface SettingsRepository {
  /** Settings (policy-state.ts), e.g. the auto-approve pause switch. */
  getSetting(key: string): Setting | undefined;
  setSetting(key: string, value: unknown, by: string): Setting;
  countAutoApprovals(rule: string, namespace: string, since: string): number;
  autoApprovalCounts(since: string): Array<{ rule: string; namespace: string; n: number }>;
  /** Takes one auto-approval slot unless paused or over the limit, under one write lock. */
  reserveAutoApproval(req: AutoApprovalRequest): AutoApprovalReservation;
}

/** Settings operations over the store's one connection. */
export function settingsRepository(ctx: StoreContext): SettingsRepository {
  return {
    getSetting: guarded('getSetting', (key) => getSetting(ctx, key)),
    setSetting: guarded('setSetting', (key, value, by) => setSetting(ctx, key, value, by)),
    countAutoApprovals: guarded('countAutoApprovals', (rule, ns, since) => countAutoApprovals(ctx, rule, ns, since)),
    autoApprovalCounts: guarded('autoApprovalCounts', (since) => autoApprovalCounts(ctx, since)),
    reserveAutoApproval: guarded('reserveAutoApproval', (req) => reserveAutoApproval(ctx, req)),
  };
}
