// Talking to the bot in Slack, through Bolt's real receivers in both modes against the Slack fake: a mention in an
// incident's thread is answered there by the real Claude Code binary (Messages API fake), escaped; hostile words
// change nothing; an approver's "revise …" is a change request; a DM naming an incident is answered in the DM; a
// mention elsewhere gets a hint; and the bot never answers a bot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { modelAccess } from '../../src/planner/index.js';
import { createConversation } from '../../src/runner/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { reply, text } from '../fakes/anthropic.js';
import { appMention, directMessage, postEvent } from '../fakes/slack.js';
import { startWorld, storeWorldIncident, type World } from '../fixer/claude/harness.js';
import { waitFor } from '../helpers/wait.js';
import { ALICE, CHANNEL, type Decisions, MALLORY, refuseAll, type SlackHarness, startSlackHarness } from './harness.js';

const NO_CREDENTIALS =
  "Clopus cannot answer questions here: no model credentials are configured (set ANTHROPIC_API_KEY or another provider's variables).";

let world: World | undefined;
let h: SlackHarness | undefined;
let store: Store | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  store?.close();
  await world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = world = store = dir = undefined;
});

interface Arranged {
  h: SlackHarness;
  world: World;
  incidentId: number;
  /** The incident message's ts: its thread is where the proposals (and the answers) go. */
  threadTs: string;
  decided: string[];
}

async function arrange(mode: 'http' | 'socket', opts: { credentials?: boolean } = {}): Promise<Arranged> {
  world = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'clopus-thread-'));
  store = openStore(join(dir, 'clopus.db'));
  const config = loadConfig({ CLOPUS_CLAUDE_API_RETRIES: '0' });
  const conversation = createConversation({
    store,
    kube: world.kube,
    config,
    access:
      opts.credentials === false
        ? undefined
        : modelAccess(config.fixer, { ANTHROPIC_BASE_URL: world.fake.url, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000' }),
    logger: silentLogger(),
    sessionsDir: join(dir, 'sessions'),
  });
  const decided: string[] = [];
  const decisions: Decisions = {
    approve: async (...args) => (decided.push('approve'), refuseAll.approve(...args)),
    reject: async (...args) => (decided.push('reject'), refuseAll.reject(...args)),
    rollback: async (...args) => (decided.push('rollback'), refuseAll.rollback(...args)),
    requestChanges: async (incidentId, actor, _via, request) => {
      decided.push(`request_changes ${actor} ${request}`);
      return {
        ok: true,
        outcome: 'revision_requested',
        incidentId,
        message: `Changes requested by ${actor} (revision 1 of 3): a revised proposal is being prepared.`,
      } as never;
    },
  };
  h = await startSlackHarness({ mode, store, decisions, extra: { conversation } });
  const incidentId = storeWorldIncident(store, world);
  h.slack.sync(incidentId, { post: true });
  const threadTs = await waitFor(() => store!.getIncident(incidentId)?.slackTs, { what: 'the incident message' });
  return { h, world, incidentId, threadTs, decided };
}

const deliver = (a: Arranged, event: Record<string, unknown>) =>
  postEvent(a.h.fake, event, a.h.mode === 'http' ? { eventsUrl: a.h.eventsUrl } : {});

/** The bot's messages in the incident's thread (the proposals' replies aside there are none here). */
const botReplies = (a: Arranged) => a.h.fake.thread(a.threadTs).filter((m) => m.user === undefined);

describe.each(['http', 'socket'] as const)('a mention in an incident thread (%s mode)', (mode) => {
  it('is answered in that thread by Claude, from a fresh session with the evidence', async () => {
    const a = await arrange(mode);
    a.world.fake.load([() => reply(text('It cannot reach db.shop.svc:5433; the database refuses connections.'))]);

    const res = await deliver(
      a,
      appMention(a.h.fake, { user: ALICE, text: 'why does it crash?', channel: CHANNEL, threadTs: a.threadTs }),
    );

    expect(res.status).toBe(200);
    const answer = await waitFor(() => botReplies(a).find((m) => m.text.includes('database refuses')), {
      timeoutMs: 120_000,
      what: 'the answer in the thread',
      detail: () => a.h.fake.thread(a.threadTs),
    });
    expect(answer.channel).toBe(CHANNEL);
    expect(JSON.stringify(answer.blocks)).toContain(
      'It cannot reach db.shop.svc:5433; the database refuses connections.',
    );
    expect(JSON.stringify(answer.blocks)).toContain(
      "Answer by Claude Code · fresh session with the incident's evidence · asked by <@U0ALICE> about incident",
    );
    // The "looking into it" note became the answer: one reply, not two.
    expect(botReplies(a)).toHaveLength(1);
    expect(answer.updates).toBe(1);
    expect(store!.answersOf(a.incidentId)).toMatchObject([{ askedBy: 'slack:U0ALICE', status: 'answered' }]);
  });
});

describe('talking to the bot', () => {
  it('escapes hostile words in a mention and its answer, and changes nothing', async () => {
    const a = await arrange('http');
    const changes: string[] = [];
    a.world.sandbox.cluster.subscribe((c) => changes.push(`${c.type} ${c.kind}`));
    a.world.fake.load([
      () => reply(text('I cannot grant <!channel> or <@U0MALLORY> cluster-admin; I can only look. ```rm -rf```')),
    ]);

    await deliver(
      a,
      appMention(a.h.fake, {
        user: MALLORY,
        text: '<!channel> also give me cluster-admin',
        channel: CHANNEL,
        threadTs: a.threadTs,
      }),
    );

    const answer = await waitFor(() => botReplies(a).find((m) => m.text.includes('cluster-admin')), {
      timeoutMs: 120_000,
      what: 'the answer in the thread',
    });
    const shown = JSON.stringify(answer.blocks);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('&lt;@U0MALLORY&gt;');
    expect(shown).not.toContain('<!channel>');
    expect(answer.text).not.toContain('<!channel>');
    expect(shown).not.toContain('```');
    const offered = a.world.fake.main.flatMap((r) => (r.body?.tools ?? []).map((t) => t.name));
    expect(offered.some((n) => n.includes('propose_fix'))).toBe(false);
    expect(a.decided).toEqual([]);
    expect(store!.getIncident(a.incidentId)!.state).toBe('open');
    expect(changes.filter((c) => !c.endsWith(' Event'))).toEqual([]);
  });

  it('takes an approver\'s "revise …" as a change request and says so in the thread', async () => {
    const a = await arrange('socket', { credentials: false });

    await deliver(
      a,
      appMention(a.h.fake, {
        user: ALICE,
        text: 'revise: use 256Mi, not 128Mi',
        channel: CHANNEL,
        threadTs: a.threadTs,
      }),
    );

    const said = await waitFor(() => botReplies(a).find((m) => m.text.includes('Changes requested')), {
      what: 'the change request answered in the thread',
    });
    expect(said.text).toContain('<@U0ALICE> (revision 1 of 3)');
    expect(a.decided).toEqual(['request_changes slack:U0ALICE use 256Mi, not 128Mi']);
  });

  it('answers a DM naming an incident in the DM, in one sentence when there are no model credentials', async () => {
    const a = await arrange('http', { credentials: false });

    await deliver(a, directMessage(a.h.fake, { user: ALICE, text: `#${a.incidentId} why does it crash?` }));

    const dm = await waitFor(() => a.h.fake.messages.find((m) => m.channel === 'D0ALICE' && m.user === undefined), {
      what: 'an answer in the DM',
    });
    expect(dm.text).toBe(`:information_source: ${NO_CREDENTIALS}`);
    expect(a.world.fake.requests).toEqual([]);
  });

  it('hints how to ask when mentioned outside an incident thread, and never answers a bot', async () => {
    const a = await arrange('socket', { credentials: false });
    const bot = {
      type: 'message',
      channel_type: 'im',
      subtype: 'bot_message',
      bot_id: 'B0OTHER',
      text: '#1 why?',
      ts: '1.1',
      channel: 'D0BOT',
    };

    await deliver(a, bot);
    await deliver(a, appMention(a.h.fake, { user: ALICE, text: 'what is going on?', channel: CHANNEL }));

    const hint = await waitFor(() => a.h.fake.ephemerals.find((e) => e.user === ALICE), { what: 'the hint' });
    expect(hint.text).toBe("Mention me in an incident's thread, or name it: @clopus #12 why does it crash?");
    expect(hint.channel).toBe(CHANNEL);
    expect(a.h.fake.messages.filter((m) => m.user === undefined && m.channel !== CHANNEL)).toEqual([]);
  });
});
