// The auto-approve kill switch, kept in the store so that it survives restarts and holds for every replica.
import { z } from 'zod';
import type { Store } from '../store/index.js';

export const PAUSE_KEY = 'auto_approve';

const PauseValue = z.object({ paused: z.boolean(), reason: z.string().optional() });

export interface PauseState {
  paused: boolean;
  by?: string;
  at?: string;
  reason?: string;
}

export function pauseState(store: Pick<Store, 'getSetting'>): PauseState {
  const setting = store.getSetting(PAUSE_KEY);
  if (!setting) return { paused: false };
  const value = PauseValue.safeParse(setting.value);
  // An unreadable switch counts as paused: when in doubt, a person decides.
  if (!value.success)
    return {
      paused: true,
      by: setting.updatedBy,
      at: setting.updatedAt,
      reason: 'the stored pause switch is unreadable',
    };
  return {
    paused: value.data.paused,
    by: setting.updatedBy,
    at: setting.updatedAt,
    ...(value.data.reason ? { reason: value.data.reason } : {}),
  };
}

export function setPaused(store: Pick<Store, 'setSetting'>, paused: boolean, by: string, reason?: string): PauseState {
  const setting = store.setSetting(PAUSE_KEY, { paused, ...(reason ? { reason } : {}) }, by);
  return { paused, by: setting.updatedBy, at: setting.updatedAt, ...(reason ? { reason } : {}) };
}
