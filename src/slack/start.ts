// Slack in a running bot: the app (either mode), the outbox sender, the notifier and the change follower, wired to
// the store, the policy and the decision service. `clopus serve` starts it when Slack credentials are set.
import type { Config } from '../config/index.js';
import { ClopusError } from '../errors.js';
import type { Logger } from '../logger.js';
import { allApprovers, MembershipCache } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { createSlackApp, type SlackApp } from './app.js';
import { type SlackMode, slackCredentials } from './credentials.js';
import { incidentTarget } from './ids.js';
import { ChangeFollower } from './outbox/follower.js';
import { SlackNotifier } from './outbox/notifier.js';
import { OutboxSender } from './outbox/sender.js';
import { createSlackServices, type ServiceDeps } from './service/index.js';

export interface StartSlackOptions {
  env: Record<string, string | undefined>;
  config: Config;
  store: Store;
  decisions: ServiceDeps['decisions'];
  logger: Logger;
  scan?: ServiceDeps['scan'];
  watches?: ServiceDeps['watches'];
  health?: ServiceDeps['health'];
  /** Answers questions in incident threads and DMs (Claude); without it such questions get one sentence. */
  conversation?: ServiceDeps['conversation'];
  /** HTTP mode: the interface to listen on. */
  host?: string;
  /** The outbox's pacing clock (SenderOptions.pacingClock); Date.now by default. */
  pacingClock?: () => number;
}

export interface RunningSlack {
  mode: SlackMode;
  app: SlackApp;
  notifier: SlackNotifier;
  sender: OutboxSender;
  /** Brings an incident's messages up to date; `post` also posts a live incident never posted. */
  sync(incidentId: number, opts?: { post?: boolean }): void;
  stop(): Promise<void>;
}

/** Starts Slack when its credentials are set (undefined when none are); throws a worded error otherwise. */
export async function startSlack(opts: StartSlackOptions): Promise<RunningSlack | undefined> {
  const { config, store, logger } = opts;
  const credentials = slackCredentials(opts.env, config.slack.mode);
  if (!credentials) return undefined;
  if (!config.slack.channel && config.slack.routes.length === 0) {
    throw new ClopusError(
      'CONFIG_INVALID',
      'slack: set slack.channel (CLOPUS_SLACK_CHANNEL) to the channel ID incident messages go to.',
      { exitCode: 2 },
    );
  }
  if (allApprovers(config.policy).length === 0)
    logger.warn('no approvers are configured (policy.approvers, CLOPUS_APPROVERS): nobody can approve from Slack');

  let sender: OutboxSender | undefined;
  const notifier = new SlackNotifier({ store, slack: config.slack, logger, kick: () => sender?.kick() });
  const sync = (id: number, o: { post?: boolean } = {}): void => {
    try {
      notifier.sync(id, o);
    } catch (err) {
      logger.error({ incidentId: id, err }, 'syncing the Slack messages of an incident failed');
    }
  };
  const app = await createSlackApp({
    credentials,
    slack: config.slack,
    logger,
    ...(opts.host ? { host: opts.host } : {}),
    services: (client) =>
      createSlackServices({
        store,
        decisions: opts.decisions,
        policy: config.policy,
        proposalExpiryMinutes: config.fixer.proposalExpiryMinutes,
        revisions: { maxRevisions: config.fixer.maxRevisions, incidentBudgetUsd: config.fixer.incidentBudgetUsd },
        // After a decision the reply goes first; the messages follow a moment later.
        command: config.slack.command,
        logger,
        sync: (id) => void setImmediate(() => sync(id)),
        approvers: {
          policy: config.policy,
          membership: new MembershipCache({
            fetch: async (usergroup) => (await client.usergroups.users.list({ usergroup })).users ?? [],
            ttlMs: config.slack.usergroupCacheSeconds * 1000,
            logger,
          }),
        },
        ...(opts.scan ? { scan: opts.scan } : {}),
        ...(opts.watches ? { watches: opts.watches } : {}),
        ...(opts.health ? { health: opts.health } : {}),
        ...(opts.conversation ? { conversation: opts.conversation } : {}),
      }),
  });
  sender = new OutboxSender({
    store,
    client: app.client,
    logger,
    minIntervalMs: config.slack.minIntervalMs,
    retryBaseMs: config.slack.retryBaseMs,
    retryMaxMs: config.slack.retryMaxMs,
    ...(opts.pacingClock ? { pacingClock: opts.pacingClock } : {}),
    onPosted: (item, sent) => {
      const payload = item.payload as { target?: string };
      if (item.incidentId !== null && payload.target === incidentTarget(item.incidentId))
        store.setSlackMessage(item.incidentId, sent.channel, sent.ts);
    },
  });
  const follower = new ChangeFollower({ store, notifier, logger, intervalMs: config.slack.syncIntervalMs });
  await app.start();
  sender.start();
  follower.start();
  return {
    mode: credentials.mode,
    app,
    notifier,
    sender,
    sync,
    async stop() {
      follower.stop();
      await sender!.stop();
      await app.stop();
    },
  };
}
