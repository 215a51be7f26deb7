// Issue 15's Slack paths, end to end on the real stack: "Request changes" (the whole app, startApp, with its store
// file, the sandbox API server with an OOMKilled Deployment, the runbook planner, Bolt's HTTP receiver and WebClient
// against the Slack fake): click → views.open, modal submit → ack, submit → the revised proposal in the thread; and a
// question in an incident's thread answered by the real Claude Code binary against the Messages API fake (one
// scripted turn), in a fresh session and resuming that session. Slack's pacing is the default (one message a second
// per channel), as a user gets it. The fakes and the sandbox run in this process, so their work is counted.
// Run: npm run bench:revision [-- --runs 20] [--questions 8]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app/index.js';
import { loadConfig } from '../src/config/index.js';
import { KubeClient } from '../src/kube/index.js';
import { silentLogger } from '../src/logger.js';
import { deployment, oomKilled, startSandbox } from '../src/sandbox/index.js';
import {
  buttonPayload,
  type FakeMessage,
  interactionBody,
  postSigned,
  startSlackFake,
  submitView,
} from '../test/fakes/slack.js';
import { waitFor } from '../test/helpers/wait.js';
import { ALICE, slackEnv } from '../test/slack/harness.js';
import { percentile, report } from './lib.js';
import { callWith, DEFAULT_PACING, quiet, threadQuestions, WAIT } from './revision-questions.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, questions: { type: 'string', default: '8' } },
});
const RUNS = Number(values.runs);
const QUESTIONS = Number(values.questions);
const TARGETS = { openMs: 1000, ackMs: 100, revisedMs: 5000, answerMs: 10_000 };

const buttonOf = (m: FakeMessage | undefined, actionId: string): { value: string } | undefined =>
  (m?.blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .find((e) => e.action_id === actionId);

interface ChangeTimes {
  openMs: number;
  ackMs: number;
  confirmedMs: number;
  diagnosedMs: number;
  revisedMs: number;
}

/** Run `run`'s namespace and channel: each incident has a channel of its own, so none waits on another's pacing. */
const nsOf = (run: number) => `rev-${run}`;
const channelOf = (run: number) => `C0REV${run}`;

async function requestChanges(runs: number): Promise<ChangeTimes[]> {
  const sandbox = await startSandbox();
  const fake = await startSlackFake();
  const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-revision-'));
  // When views.open reaches the fake (its request, before the body is read): what Slack times the trigger by.
  const opened: number[] = [];
  fake.server.on('request', (req: IncomingMessage) => {
    if (req.url?.startsWith('/api/views.open')) opened.push(performance.now());
  });
  const diagnosed = new Map<number, number[]>();
  const configFile = join(dir, 'clopus.yaml');
  const routes = Array.from(
    { length: runs + 1 },
    (_, run) => `    - namespaces: ["${nsOf(run)}"]\n      channel: ${channelOf(run)}`,
  );
  writeFileSync(configFile, `slack:\n  routes:\n${routes.join('\n')}\n`);
  const env = {
    ...slackEnv(fake, 'http', DEFAULT_PACING),
    CLOPUS_DB_PATH: join(dir, 'clopus.db'),
    CLOPUS_CONFIG: configFile,
  };
  // No model credentials: the runbooks diagnose, as they do an OOMKilled container with a memory limit.
  const app = await startApp(loadConfig(env), {
    env,
    inProcess: true,
    logger: silentLogger(),
    connect: async () => new KubeClient(sandbox.kubeConfig()),
    onDiagnosis: (id) => diagnosed.set(id, [...(diagnosed.get(id) ?? []), performance.now()]),
  });
  const eventsUrl = `http://127.0.0.1:${app.slack!.app.port}/slack/events`;
  const times: ChangeTimes[] = [];
  try {
    // Every incident first (detected, diagnosed, posted with its buttons), then one reviewer at a time.
    for (let run = 0; run <= runs; run++) {
      const name = 'indexer';
      const { pods } = deployment(sandbox.cluster, {
        namespace: nsOf(run),
        name,
        containers: [
          {
            name,
            image: 'example/indexer:2.1',
            resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } },
          },
        ],
      });
      for (const p of pods) oomKilled(sandbox.cluster, nsOf(run), p.metadata.name, { restarts: 3 });
    }
    const staged = [];
    for (let run = 0; run <= runs; run++) {
      const incident = await waitFor(
        () => app.store.listIncidents({ namespace: nsOf(run), limit: 1, offset: 0 }).items[0],
        { ...WAIT, what: `the incident in ${nsOf(run)}` },
      );
      const threadTs = await waitFor(() => app.store.getIncident(incident.id)?.slackTs, {
        ...WAIT,
        what: 'its message',
      });
      const proposal = await waitFor(
        () =>
          fake.thread(threadTs).find((m) => /Proposed fix #\d+/.test(m.text) && buttonOf(m, 'clopus_request_changes')),
        { ...WAIT, what: `the proposal in ${nsOf(run)} with its Request changes button` },
      );
      staged.push({ incidentId: incident.id, threadTs, proposal, channel: channelOf(run) });
    }
    await quiet(fake);

    // The first run warms up (code paths compiled, connections open), as in a bot that has run a while.
    for (const [run, { incidentId, threadTs, proposal, channel }] of staged.entries()) {
      const payload = buttonPayload(fake, {
        actionId: 'clopus_request_changes',
        value: buttonOf(proposal, 'clopus_request_changes')!.value,
        userId: ALICE,
        channel,
        messageTs: proposal.ts,
      });
      const views = fake.views.modals().length;
      const clicked = performance.now();
      const click = await postSigned(eventsUrl, interactionBody(payload));
      if (click.status !== 200) throw new Error(`the click was answered ${click.status}`);
      const view = await waitFor(() => fake.views.modals()[views], { ...WAIT, what: 'the modal' });
      const openMs = opened.at(-1)! - clicked;

      const submittedWall = Date.now();
      const submitted = performance.now();
      const answer = await submitView(fake, view, { values: { request: 'use 256Mi, not 128Mi' }, eventsUrl });
      const ackMs = performance.now() - submitted;
      if (answer.status !== 200 || answer.ack.response_action) throw new Error(`refused: ${JSON.stringify(answer)}`);
      const confirmed = await waitFor(() => callWith(fake, 'chat.postEphemeral', 'Changes requested', submittedWall), {
        ...WAIT,
        what: 'the confirmation to the requester',
      });
      const revised = await waitFor(() => callWith(fake, 'chat.postMessage', /Revised fix #\d+/, submittedWall), {
        ...WAIT,
        what: 'the revised proposal in the thread',
      });
      if (revised.params.thread_ts !== threadTs) throw new Error('the revised proposal went outside the thread');
      if (!JSON.stringify(revised.params.blocks).includes('256Mi')) throw new Error('the revision did not take 256Mi');
      const done = diagnosed.get(incidentId)!.find((t) => t > submitted)!;
      if (run > 0)
        times.push({
          openMs,
          ackMs,
          confirmedMs: confirmed.at - submittedWall,
          diagnosedMs: done - submitted,
          revisedMs: revised.at - submittedWall,
        });
    }
  } finally {
    await app.stop();
    await fake.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

const loadAtStart = loadavg()[0]!;
const started = performance.now();
const changes = await requestChanges(RUNS);
const questions = await threadQuestions(QUESTIONS);
const col = (k: keyof ChangeTimes) => changes.map((t) => t[k]);
/** "p50 / p95". */
const pair = (xs: number[], digits = 0) =>
  `${percentile(xs, 50).toFixed(digits)} / ${percentile(xs, 95).toFixed(digits)}`;
const figures: Record<string, number | string> = {
  'load average (1 min) at start': loadAtStart,
  'request changes runs (a fresh incident each)': changes.length,
  'click → views.open at the fake p50 / p95 ms': pair(col('openMs'), 1),
  'modal submit → ack p50 / p95 ms': pair(col('ackMs'), 1),
  'submit → confirmation to the requester (ephemeral) p50 / p95 ms': pair(col('confirmedMs')),
  'submit → revised proposal diagnosed (runbook) p50 / p95 ms': pair(col('diagnosedMs')),
  'submit → revised proposal posted in the thread p50 / p95 ms': pair(col('revisedMs')),
  'thread questions of each kind': questions.fresh.length,
  'mention → answer in the thread, fresh session p50 / p95 ms': pair(questions.fresh),
  'mention → answer in the thread, resumed session p50 / p95 ms': pair(questions.resumed),
  'load average (1 min) at the end': loadavg()[0]!,
  'bench wall s': (performance.now() - started) / 1000,
};
report({
  name: 'Request changes and thread answers',
  command: 'npm run bench:revision',
  figures,
  target: `p95: click → views.open ≤ ${TARGETS.openMs} ms (Slack's trigger lasts 3000 ms), submit → ack ≤ ${TARGETS.ackMs} ms, submit → revised proposal posted ≤ ${TARGETS.revisedMs} ms, thread answer (fake model) ≤ ${TARGETS.answerMs} ms`,
  met:
    percentile(col('openMs'), 95) <= TARGETS.openMs &&
    percentile(col('ackMs'), 95) <= TARGETS.ackMs &&
    percentile(col('revisedMs'), 95) <= TARGETS.revisedMs &&
    Math.max(percentile(questions.fresh, 95), percentile(questions.resumed, 95)) <= TARGETS.answerMs,
});
