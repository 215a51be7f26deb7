// `npm run demo`: the whole loop on an embedded sandbox cluster — detect, diagnose, propose, approve, apply,
// verify — with no cluster, Slack workspace or API key. `--once` exits when the loop has run. Its files live in a
// temporary directory that goes with it, however it ends.
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import { describeError } from '../errors.js';
import { KubeClient } from '../kube/index.js';
import { createLogger } from '../logger.js';
import type { AutoApproveOutcome } from '../policy/index.js';
import { EVENTS_PATH } from '../slack/index.js';
import type { Incident } from '../store/index.js';
import { demoArgs, say } from './args.js';
import { narrateAutoApprovals, outcomeText } from './auto-approve.js';
import { APP, GITOPS } from './gitops.js';
import { narrateGitOps } from './gitops-narrate.js';
import { type DemoContext, detected, diagnosis, summary, title, waiting } from './narrate.js';
import { reviewInSlack } from './reviewer.js';
import { GUARDED, TRUSTED } from './scenario.js';
import { setUpStage } from './setup.js';
import { REVIEWER, REVIEWER_NAME } from './slack-stage.js';

const values = demoArgs();

// Until everything is up a stop only exits; then it shuts the loop down first. Either way the 'exit' handler
// removes the temporary directory (a second Ctrl-C during a slow shutdown exits at once, and still removes it).
let shutdownNow: () => Promise<void> = async () => undefined;
let stopping = false;
const stop = (): void => {
  if (stopping) process.exit(130);
  stopping = true;
  void shutdownNow()
    .catch((err: unknown) => process.stderr.write(`clopus demo: ${describeError(err)}\n`))
    .finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const { sandbox, stopRollouts, gitops, slack: slackStage, dir, kubeconfig, env } = await setUpStage(values.db);
const config = loadConfig(env);
let live = false;
// What the policy did about each proposal, for the first pass's story; later ones are told as they happen.
const autoApproved = new Map<number, AutoApproveOutcome>();
// The same bot as `clopus serve` (app/app.ts), on the sandbox: a short sweep, with Slack (when its tokens are set)
// through the same outbox. After the first pass, the demo narrates what happens as it happens (an approval from
// another terminal); every proposal, the first batch's and any later one's, goes to the policy.
const app = await startApp(config, {
  env,
  logger: createLogger({ level: process.env.CLOPUS_LOG_LEVEL ?? 'warn' }),
  inProcess: true,
  sweepMs: 2000,
  verifyPollMs: 1000,
  connect: async () => new KubeClient(sandbox.kubeConfig()),
  // Nothing else points at the demo's dashboard, so a busy port is no reason to stop: it takes a free one and says so.
  dashboardAnyPort: true,
  slackOptional: true,
  onDiagnosis: (id) => {
    const incident = live ? app.store.getIncident(id) : undefined;
    if (!incident) return;
    tell(incident);
    waits(incident);
  },
  onAutoApprove: (id, outcome) => {
    autoApproved.set(id, outcome);
    if (!live) return;
    const incident = app.store.getIncident(id);
    say(`${incident ? title(incident) : `#${id}`}: auto-approve: ${outcomeText(outcome)}`);
    if (outcome.outcome === 'approved')
      say(`#${id}: the sandbox rolls the Deployment out; Clopus watches it for ${config.fixer.verifyWindowSeconds} s…`);
  },
  onVerdict: (id, result) => {
    if (live) say(`#${id}: ${result.message}`);
  },
}).catch(async (err: unknown) => {
  // A host beyond loopback without a token, a port it may not use: one sentence, no stack.
  process.stderr.write(`clopus demo: ${describeError(err)}\n`);
  stopRollouts();
  await gitops.stop();
  await slackStage?.stop();
  await sandbox.stop();
  process.exit(2);
});
const { store, access, dashboard, slack } = app;
shutdownNow = shutdown;

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe() && Date.now() < deadline) await sleep(100);
  return probe();
}

let closing: Promise<void> | undefined;
/** Stops everything once, however often it is asked (the end of --once, then a Ctrl-C). */
function shutdown(): Promise<void> {
  closing ??= (async () => {
    stopRollouts();
    await app.stop();
    await slackStage?.stop();
    await gitops.stop();
    await sandbox.stop();
  })();
  return closing;
}

say(`Clopus demo — an embedded sandbox cluster at ${sandbox.url}; the dashboard is on ${dashboard.url}`);
if (app.dashboardMovedFrom !== undefined)
  say(
    `  Dashboard: port ${app.dashboardMovedFrom} on ${config.dashboard.host} is in use by another program, so it took a free one (${dashboard.url}); set CLOPUS_DASHBOARD_PORT to choose.`,
  );
say(`  ${TRUSTED}: cache (Redis) with a memory limit too low → OOMKilled`);
say(
  `  ${GUARDED}: api with a broken config file → CrashLoopBackOff; web rolled out to a missing image tag → ImagePullBackOff;`,
);
say('    indexer (a search indexer) with a memory limit below the index it loads → OOMKilled');
say(
  `  ${GITOPS}: orders, deployed by the sandbox's Argo CD app argocd/${APP} (self-heal on) from a repository on a local forge,`,
);
say(
  '    with a memory limit too low in the repository → OOMKilled; a live patch would be reverted, so the fix is a PR',
);
say(
  `  Planner: ${access ? `runbooks first, then Claude Code (${access.source})` : 'runbooks only (no ANTHROPIC_API_KEY or other model credentials)'}; verify window ${config.fixer.verifyWindowSeconds} s`,
);
say(
  `  Files: ${dir} (kubeconfig, policy${values.db ? '' : ', database'}), removed when the demo stops${values.db ? `; the database is ${values.db}, kept` : ''}`,
);
if (app.slackError !== undefined) say(`Slack: ${describeError(app.slackError)} The demo goes on without Slack.`);
say(
  slack && slackStage
    ? `  Slack: no workspace (no SLACK_BOT_TOKEN), so the app's own Slack runs in HTTP mode on port ${slack.app.port} against the sandbox's Slack fake (${slackStage.fake.url}), where ${REVIEWER_NAME} (${REVIEWER}) reviews`
    : slack
      ? `  Slack: posting to ${config.slack.channel ?? 'the routed channels'} (${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${slack.app.port}`}); approve there, or from another terminal`
      : '  Slack: off (set SLACK_BOT_TOKEN, SLACK_APP_TOKEN and CLOPUS_SLACK_CHANNEL to post to a workspace too)',
);
say();
await app.detector.idle();
const incidents: Incident[] = store.listIncidents({ limit: 50, offset: 0, order: 'created_asc' }).items;
const find = (ns: string, name: string) => incidents.find((i) => i.namespace === ns && i.workloadName === name);
const cache = find(TRUSTED, 'cache');
const orders = find(GITOPS, 'orders');
const web = find(GUARDED, 'web');
const indexer = find(GUARDED, 'indexer');
// The scripted reviewer needs the app's Slack on the fake; with a real workspace the indexer waits for a person.
const reviewer = slack && slackStage ? { fake: slackStage.fake, signingSecret: slackStage.signingSecret } : undefined;
detected(say, store, incidents);
say();

// Runbooks answer in milliseconds; a model run (with a key) may take minutes, and is reported when it ends.
const settled = (i: Incident | undefined) =>
  !!i && !['open', 'diagnosing'].includes(store.getIncident(i.id)?.state ?? 'open');
await until(
  () => settled(cache) && settled(web) && settled(indexer) && (access !== undefined || incidents.every(settled)),
  30_000,
);
say('Diagnosed:');
// Incidents whose diagnosis has been told; one still running is told when it ends.
const told = new Set<number>();
const tell = (incident: Incident): void => {
  diagnosis(say, store, incident, access !== undefined);
  if (settled(incident)) told.add(incident.id);
};
for (const incident of incidents) tell(incident);
say();
await narrateAutoApprovals(say, store, autoApproved, incidents, config.fixer.verifyWindowSeconds);
say();
await narrateGitOps(say, store, gitops, orders, {
  once: values.once,
  windowSeconds: config.fixer.verifyWindowSeconds,
});
for (const incident of incidents) slack?.sync(incident.id);
say();
const waited = new Set<number>();
const demo: DemoContext = {
  db: config.databasePath,
  kubeconfig,
  verifyWindowSeconds: config.fixer.verifyWindowSeconds,
  once: values.once,
};
const waits = (incident: Incident): void => {
  if (
    incident.namespace !== GUARDED ||
    store.getIncident(incident.id)?.state !== 'proposed' ||
    waited.has(incident.id) ||
    (reviewer && incident.id === indexer?.id)
  )
    return;
  waited.add(incident.id);
  waiting(say, store, incident, demo);
  say();
};
for (const incident of incidents) waits(incident);
if (reviewer && slack?.app.port !== undefined) {
  await reviewInSlack(
    {
      say,
      store,
      hands: { ...reviewer, eventsUrl: `http://127.0.0.1:${slack.app.port}${EVENTS_PATH}`, userId: REVIEWER },
      dashboardUrl: new URL(`/incidents/${indexer?.id ?? ''}`, dashboard.url).href,
      windowSeconds: config.fixer.verifyWindowSeconds,
      model: access !== undefined,
      once: values.once,
    },
    indexer,
  );
  say();
}
summary(
  say,
  store,
  incidents.map((i) => i.id),
);

if (values.once) {
  // What Slack has not yet received (an outage, a rate limit) would stay in the outbox for the next start; give
  // the sender a moment so the workspace shows the same end state as the terminal.
  if (slack && !(await until(() => store.nextOutboxAt() === undefined, 15_000)))
    say('Slack: some messages are still queued (see the dashboard); they are sent on the next start.');
  const ok =
    store.getIncident(cache?.id ?? -1)?.state === 'verified' &&
    store.getIncident(web?.id ?? -1)?.state === 'proposed' &&
    store.getIncident(indexer?.id ?? -1)?.state === (reviewer ? 'verified' : 'proposed') &&
    store.getIncident(orders?.id ?? -1)?.state === 'verified';
  if (!ok)
    say(
      `Expected ${cache ? title(cache) : 'the cache incident'}, ${orders ? title(orders) : 'the orders incident'}${reviewer ? ` and ${indexer ? title(indexer) : 'the indexer incident'}` : ''} verified, and ${web ? title(web) : 'the web incident'}${reviewer ? '' : ` and ${indexer ? title(indexer) : 'the indexer incident'}`} proposed.`,
    );
  await shutdown();
  process.exit(ok ? 0 : 1);
}
live = true;
// A model run that ended while the rest was told is told now.
for (const incident of incidents.filter((i) => !told.has(i.id) && settled(i))) {
  say();
  tell(incident);
  waits(incident);
}
say('Watching (the loop runs on: approvals from another terminal are applied and verified here, and a new proposal');
say(`in ${TRUSTED} goes to the policy again); press Ctrl-C to stop.`);
