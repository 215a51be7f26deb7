// The Slack fake's views: views.open against a trigger_id (issued by an interaction, usable once, expiring after 3 s
// as Slack's do), views.update by view_id or external_id with an optional hash, views.publish of a user's Home tab.
// Every view is checked against Block Kit's limits first (block-kit.ts), answered as Slack does:
// `invalid_arguments` with the problems in response_metadata.messages.
import { viewProblems } from './block-kit.js';
import type { JsonObject } from './types.js';

export interface FakeView {
  id: string;
  type: 'modal' | 'home';
  hash: string;
  /** The view as the app sent it. */
  view: JsonObject;
  /** Who it is open for (modals) or whose Home tab it is. */
  userId: string;
  /** modals: open, submitted, or closed. */
  state: 'open' | 'submitted' | 'closed';
  updates: number;
}

/** Slack's trigger_ids expire three seconds after the interaction that carried them. */
export const TRIGGER_TTL_MS = 3000;

export class FakeViews {
  readonly all = new Map<string, FakeView>();
  /** Home tabs by user. */
  readonly homes = new Map<string, FakeView>();
  private readonly triggers = new Map<string, { userId: string; at: number; used: boolean }>();
  private seq = 0;
  /** The clock triggers expire by; a test may replace it. */
  now: () => number = () => Date.now();

  /** A fresh trigger_id for an interaction by `userId` (buttonPayload and commandFields take one each). */
  issueTrigger(userId: string): string {
    const id = `${++this.seq}.${Date.now()}.trigger`;
    this.triggers.set(id, { userId, at: this.now(), used: false });
    return id;
  }

  /** Modals opened so far, oldest first. */
  modals(): FakeView[] {
    return [...this.all.values()].filter((v) => v.type === 'modal');
  }

  private store(view: JsonObject, userId: string, id?: string): FakeView {
    const viewId = id ?? `V${String(++this.seq).padStart(8, '0')}`;
    const stored: FakeView = {
      id: viewId,
      type: view.type,
      hash: `${Date.now()}.${++this.seq}`,
      view,
      userId,
      state: 'open',
      updates: 0,
    };
    this.all.set(viewId, stored);
    return stored;
  }

  private answer(v: FakeView): Record<string, unknown> {
    return {
      ok: true,
      view: {
        id: v.id,
        team_id: 'T0FAKE',
        type: v.type,
        hash: v.hash,
        ...v.view,
        state: { values: {} },
        app_id: 'A0FAKE',
        bot_id: 'B0CLOPUS',
      },
    };
  }

  perform(method: string, p: JsonObject): Record<string, unknown> | undefined {
    if (method !== 'views.open' && method !== 'views.update' && method !== 'views.publish') return undefined;
    const view = p.view;
    const problems = viewProblems(view);
    if (problems.length > 0)
      return {
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: problems.map((m) => `[ERROR] ${m}`) },
      };
    if (method === 'views.open') {
      if (view.type !== 'modal')
        return {
          ok: false,
          error: 'invalid_arguments',
          response_metadata: { messages: ['[ERROR] views.open takes a modal'] },
        };
      const trigger = this.triggers.get(p.trigger_id);
      if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
      if (trigger.used || this.now() - trigger.at > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
      trigger.used = true;
      return this.answer(this.store(view, trigger.userId));
    }
    if (method === 'views.publish') {
      if (view.type !== 'home')
        return {
          ok: false,
          error: 'invalid_arguments',
          response_metadata: { messages: ['[ERROR] views.publish takes a home view'] },
        };
      if (!p.user_id) return { ok: false, error: 'invalid_arguments' };
      const old = this.homes.get(p.user_id);
      if (old && p.hash !== undefined && p.hash !== old.hash) return { ok: false, error: 'hash_conflict' };
      const stored = this.store(view, p.user_id, old?.id);
      if (old) stored.updates = old.updates + 1;
      this.homes.set(p.user_id, stored);
      return this.answer(stored);
    }
    const target = p.view_id
      ? this.all.get(p.view_id)
      : [...this.all.values()].find((v) => v.view.external_id === p.external_id);
    if (!target) return { ok: false, error: 'not_found' };
    if (p.hash !== undefined && p.hash !== target.hash) return { ok: false, error: 'hash_conflict' };
    target.view = view;
    target.hash = `${Date.now()}.${++this.seq}`;
    target.updates++;
    return this.answer(target);
  }
}
