// What Slack should show for an incident, compared with what was last queued for it: a message not yet posted is
// queued as a post, one that differs as an update. Level-triggered and idempotent, so calling it after every
// change, twice, or after a restart is harmless; the outbox's dedupe keys make two callers at once harmless too.
import { createHash } from 'node:crypto';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import { isLive, type NewOutboxItem, type ProposalStatus, type Store } from '../../store/index.js';
import { incidentTarget, postKey, proposalTarget, updateKey } from '../ids.js';
import { renderIncident, renderProposal, type SlackMessage } from '../render/index.js';
import { channelFor } from '../routing.js';
import { loadIncidentView } from '../view.js';
import type { OutboxPayload } from './payload.js';

/** Proposals never offered to anyone (replaced or withdrawn before they could be) are not posted. */
const UNOFFERED: readonly ProposalStatus[] = ['superseded', 'withdrawn'];

export interface NotifierOptions {
  store: Store;
  slack: Pick<Config['slack'], 'channel' | 'routes'>;
  logger: Logger;
  /** Wakes the sender after something was queued. */
  kick: () => void;
}

const digest = (payload: OutboxPayload): string =>
  createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 12);
const same = (a: unknown, b: OutboxPayload): boolean => {
  const x = a as Partial<OutboxPayload> | null;
  return !!x && x.text === b.text && JSON.stringify(x.blocks ?? null) === JSON.stringify(b.blocks ?? null);
};

export class SlackNotifier {
  private readonly warnedNoChannel = new Set<string>();

  constructor(private readonly opts: NotifierOptions) {}

  /**
   * Brings the incident's messages up to date. `post: true` also posts a live incident that has no message yet;
   * without it only incidents already in Slack are updated. Returns the number of items queued.
   */
  sync(incidentId: number, opts: { post?: boolean } = {}): number {
    const { store } = this.opts;
    const view = loadIncidentView(store, incidentId);
    if (!view) return 0;
    const mainTarget = incidentTarget(incidentId);
    const mainPost = store.outboxByKey(postKey(mainTarget));
    if (!mainPost && !(opts.post && isLive(view.incident.state))) return 0;
    const channel = mainPost?.channel ?? channelFor(this.opts.slack, view.incident.namespace);
    if (!channel) {
      if (!this.warnedNoChannel.has(view.incident.namespace))
        this.opts.logger.warn(
          { namespace: view.incident.namespace },
          'no Slack channel for this namespace; set slack.channel or a route',
        );
      this.warnedNoChannel.add(view.incident.namespace);
      return 0;
    }
    const version = store.incidentVersion(incidentId);
    const items: NewOutboxItem[] = [];
    const plan = (target: string, msg: SlackMessage, thread: string | undefined, update: boolean): void => {
      const payload: OutboxPayload = {
        target,
        ...(thread ? { thread } : {}),
        text: msg.text,
        blocks: msg.blocks as unknown as OutboxPayload['blocks'],
      };
      const post = store.outboxByKey(postKey(target));
      if (!post) {
        items.push({ incidentId, channel, kind: 'post', payload, dedupeKey: postKey(target) });
        return;
      }
      if (!update) return;
      const latest = store.latestOutboxFor(target);
      if (latest && same(latest.payload, payload)) return;
      items.push({
        incidentId,
        channel: post.channel,
        kind: 'update',
        payload,
        dedupeKey: updateKey(target, version, digest(payload)),
      });
    };

    plan(mainTarget, renderIncident(view), undefined, true);
    const latestId = view.proposals.at(-1)?.id;
    for (const p of view.proposals) {
      const posted = store.outboxByKey(postKey(proposalTarget(p.id, 0))) !== undefined;
      if (!posted && (p.id !== latestId || UNOFFERED.includes(p.status))) continue;
      // Only the first part has buttons, so only it is ever updated; the diff's further parts are posted once.
      renderProposal(view, p).forEach((part, i) => {
        plan(proposalTarget(p.id, i), part, mainTarget, i === 0);
      });
    }
    if (items.length === 0) return 0;
    const added = store.enqueueOutbox(items).length;
    if (added > 0) this.opts.kick();
    return added;
  }
}
