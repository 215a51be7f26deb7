// The thread-question half of bench/revision.ts, and what both halves share: a question in an incident's Slack thread
// (Bolt's HTTP receiver, the Slack fake) answered by the real Claude Code binary against the Messages API fake, with
// one scripted turn, first in a fresh session and then resuming it; timed from the mention sent to the answer's Web
// API call reaching the fake.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { silentLogger } from '../src/logger.js';
import { modelAccess } from '../src/planner/index.js';
import { createConversation } from '../src/runner/index.js';
import { openStore } from '../src/store/index.js';
import { reply, text } from '../test/fakes/anthropic.js';
import { appMention, postEvent, type SlackFake } from '../test/fakes/slack.js';
import { startWorld, storeWorldIncident } from '../test/fixer/claude/harness.js';
import { waitFor } from '../test/helpers/wait.js';
import { ALICE, CHANNEL, startSlackHarness } from '../test/slack/harness.js';

/** Slack's own pacing and following, not the tests' fast ones. */
export const DEFAULT_PACING = {
  CLOPUS_SLACK_MIN_INTERVAL_MS: '1000',
  CLOPUS_SLACK_RETRY_BASE_MS: '1000',
  CLOPUS_SLACK_SYNC_INTERVAL_MS: '2000',
  CLOPUS_SLACK_PING_TIMEOUT_MS: '5000',
};
export const WAIT = { timeoutMs: 60_000 };

/**
 * Resolves once no Web API call has reached the fake for longer than the channel pacing: a reviewer clicks in a
 * thread that has settled, not behind the messages the incident's own arrival queued.
 */
export async function quiet(fake: SlackFake, ms = 1300): Promise<void> {
  await waitFor(() => Date.now() - (fake.calls.at(-1)?.at ?? 0) >= ms, { ...WAIT, what: 'Slack to go quiet' });
}

/** The Web API call whose fields mention `needle`, first after `since` (epoch ms). */
export const callWith = (fake: SlackFake, method: string, needle: string | RegExp, since: number) =>
  fake.calls.find(
    (c) =>
      c.method === method &&
      c.at >= since &&
      c.status === 200 &&
      (typeof needle === 'string' ? JSON.stringify(c.params).includes(needle) : needle.test(String(c.params.text))),
  );

/** Questions in `runs` fresh incidents' threads (and one warm-up), each asked twice: in a fresh session, then resuming it. */
export async function threadQuestions(runs: number): Promise<{ fresh: number[]; resumed: number[] }> {
  const world = await startWorld();
  const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-thread-'));
  const store = openStore(join(dir, 'clopus.db'));
  const config = loadConfig({ CLOPUS_CLAUDE_API_RETRIES: '0', CLOPUS_ANSWERS_PER_USER_PER_HOUR: '1000' });
  const conversation = createConversation({
    store,
    kube: world.kube,
    config,
    access: modelAccess(config.fixer, {
      ANTHROPIC_BASE_URL: world.fake.url,
      ANTHROPIC_API_KEY: 'sk-ant-test-key-0000',
    }),
    logger: silentLogger(),
    sessionsDir: join(dir, 'sessions'),
  });
  const h = await startSlackHarness({ mode: 'http', store, env: DEFAULT_PACING, extra: { conversation } });
  const fresh: number[] = [];
  const resumed: number[] = [];
  const ask = async (threadTs: string, marker: string, label: string): Promise<number> => {
    await quiet(h.fake);
    world.fake.load([
      () => reply(text(`${marker}: it cannot reach db.shop.svc:5433; the database refuses connections.`)),
    ]);
    const sent = Date.now();
    const event = appMention(h.fake, { user: ALICE, text: 'why does it crash?', channel: CHANNEL, threadTs });
    const res = await postEvent(h.fake, event, { eventsUrl: h.eventsUrl });
    if (res.status !== 200) throw new Error(`the mention was answered ${res.status}`);
    const answer = await waitFor(
      () => callWith(h.fake, 'chat.update', marker, sent) ?? callWith(h.fake, 'chat.postMessage', marker, sent),
      { ...WAIT, what: `the answer ${marker}` },
    );
    if (!JSON.stringify(answer.params.blocks).includes(label)) throw new Error(`${marker} was not from a ${label}`);
    return answer.at - sent;
  };
  try {
    // The first run warms up (Claude Code's binary read from disk, code paths compiled) and is left out.
    for (let run = 0; run <= runs; run++) {
      const incidentId = storeWorldIncident(store, world, { key: run });
      h.slack.sync(incidentId, { post: true });
      const threadTs = await waitFor(() => store.getIncident(incidentId)?.slackTs, { ...WAIT, what: 'the incident' });
      const first = await ask(threadTs, `Answer-${run}-fresh`, 'fresh session');
      const second = await ask(threadTs, `Answer-${run}-resumed`, 'resumed from');
      if (run > 0) {
        fresh.push(first);
        resumed.push(second);
      }
    }
  } finally {
    await h.close();
    store.close();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { fresh, resumed };
}
