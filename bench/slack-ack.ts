// Ack latency: 50 button clicks and 50 slash commands arriving at once, in HTTP mode (request sent → HTTP 200) and
// Socket Mode (envelope sent → ack received). The app runs in its own process (bench/slack-ack-app.ts) with the
// real Bolt receivers, store and decision service, which do their work after each ack; this process plays Slack
// (the fake) and measures. Run: npm run bench:slack
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import {
  buttonPayload,
  commandFields,
  formBody,
  interactionBody,
  type SlackFake,
  signedHeaders,
  startSlackFake,
} from '../test/fakes/slack.js';
import { slackEnv } from '../test/slack/harness.js';
import { percentile, report } from './lib.js';

const N = 50;
const COMMANDS = ['status', 'list', 'policy', 'help', 'show 1'];

interface Ready {
  port: number | null;
  incidents: Array<{ incidentId: number; proposalId: number; value: string }>;
}

/** Slack keeps connections to an app open; a keep-alive agent does the same. */
const agent = new Agent({ keepAlive: true, maxSockets: 2 * N });

function post(port: number, body: string): { send: () => Promise<number> } {
  const headers = signedHeaders(body);
  return {
    send: () =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/slack/events',
            method: 'POST',
            agent,
            headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const ms = performance.now() - started;
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve(ms) : reject(new Error(`HTTP ${res.statusCode}`))));
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
  };
}

async function envelope(fake: SlackFake, type: 'interactive' | 'slash_commands', payload: unknown): Promise<number> {
  const sent = fake.sendEnvelope(type, payload);
  const ack = await sent.ack;
  return ack.at - sent.sentAt;
}

async function settle(fake: SlackFake, responses: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (fake.responses.length < responses && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

async function run(mode: 'http' | 'socket'): Promise<{ clicks: number[]; commands: number[] }> {
  const fake = await startSlackFake();
  fake.usergroups.set('S0ONCALL', ['U0BOB']);
  const child = fork(join(import.meta.dirname, 'slack-ack-app.ts'), [], {
    execArgv: ['--import', 'tsx'],
    // The defaults for pacing and following changes, not the tests' fast ones.
    env: {
      ...process.env,
      BENCH_SLACK_ENV: JSON.stringify({
        ...slackEnv(fake, mode),
        CLOPUS_SLACK_MIN_INTERVAL_MS: '1000',
        CLOPUS_SLACK_SYNC_INTERVAL_MS: '2000',
      }),
      BENCH_INCIDENTS: String(2 * N),
    },
  });
  const ready = await new Promise<Ready>((resolve) => child.once('message', (m) => resolve(m as Ready)));
  const clicksOn = (incidents: Ready['incidents']) =>
    incidents.map((i) => buttonPayload(fake, { actionId: 'clopus_reject', value: i.value, userId: 'U0ALICE' }));
  const commandsFor = () =>
    Array.from({ length: N }, (_, i) =>
      commandFields(fake, { text: COMMANDS[i % COMMANDS.length]!, userId: 'U0ALICE' }),
    );

  const burst = async (
    type: 'interactive' | 'slash_commands',
    payloads: Array<Record<string, unknown>>,
  ): Promise<number[]> => {
    if (mode === 'socket') return Promise.all(payloads.map((p) => envelope(fake, type, p)));
    const prepared = payloads.map((p) =>
      post(ready.port!, type === 'interactive' ? interactionBody(p) : formBody(p as Record<string, string>)),
    );
    return Promise.all(prepared.map((p) => p.send()));
  };

  // A warm-up burst of each kind (on the first half of the incidents): connections opened and code paths compiled,
  // as in a bot that has been running a while.
  await burst('interactive', clicksOn(ready.incidents.slice(0, N)));
  await burst('slash_commands', commandsFor());
  await settle(fake, 2 * N);
  const clickTimes = await burst('interactive', clicksOn(ready.incidents.slice(N)));
  await settle(fake, 3 * N);
  const commandTimes = await burst('slash_commands', commandsFor());
  await settle(fake, 4 * N);

  child.send({ stop: true });
  const { rejected } = await new Promise<{ rejected: number }>((resolve) =>
    child.on(
      'message',
      (m) => (m as { rejected?: number }).rejected !== undefined && resolve(m as { rejected: number }),
    ),
  );
  if (rejected !== 2 * N || fake.responses.length !== 4 * N)
    throw new Error(`${mode}: ${rejected} of ${2 * N} clicks decided, ${fake.responses.length} of ${4 * N} replies`);
  await fake.close();
  return { clicks: clickTimes, commands: commandTimes };
}

const figures: Record<string, number | string> = {};
let worst = 0;
for (const mode of ['http', 'socket'] as const) {
  const { clicks, commands } = await run(mode);
  for (const [kind, values] of [
    ['button clicks', clicks],
    ['slash commands', commands],
  ] as const) {
    const label = `${mode === 'http' ? 'HTTP (request → 200)' : 'Socket Mode (envelope → ack)'}, ${N} concurrent ${kind}`;
    figures[`${label}: p50 ms`] = percentile(values, 50);
    figures[`${label}: p95 ms`] = percentile(values, 95);
    figures[`${label}: p99 ms`] = percentile(values, 99);
    worst = Math.max(worst, percentile(values, 99));
  }
}
agent.destroy();
report({
  name: 'Slack ack latency',
  command: 'npm run bench:slack',
  figures,
  target: 'p99 ≤ 100 ms in every case (Slack allows 3000 ms)',
  met: worst <= 100,
});
