// `npm run demo`: the whole loop on an embedded sandbox cluster — detect, diagnose, propose, approve, apply,
// verify — with no cluster, Slack workspace or API key. `--once` exits when the loop has run. Its files live in a
// temporary directory that goes with it, however it ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ClusterState, simulate, startSandbox } from '../sandbox/index.js';
import { openStore, type Incident } from '../store/index.js';
import { KubeClient } from '../kube/index.js';
import { Detector, scanOnce } from '../detector/index.js';
import { loadConfig, namespaceMatcher } from '../config/index.js';
import { modelAccess } from '../planner/index.js';
import { startFixerWithPolicy } from '../app/index.js';
import type { AutoApproveOutcome } from '../policy/index.js';
import { startDashboard, watchProbes } from '../dashboard/index.js';
import { createLogger } from '../logger.js';
import { describeError } from '../errors.js';
import { startSlack, type RunningSlack } from '../slack/index.js';
import { narrateAutoApprovals, outcomeText } from './auto-approve.js';
import { detected, diagnosis, summary, title, waiting, type DemoContext } from './narrate.js';
import { behaviours, buildScenario, GUARDED, TRUSTED } from './scenario.js';

const say = (text = '') => process.stdout.write(`${text}\n`);
const USAGE = `usage: npm run demo [-- [--once] [--db FILE]]
  --once     exit 0 once the cache is verified and web waits for a person (what CI runs)
  --db FILE  keep the demo's database in FILE (default: a temporary directory)
  -h, --help show this help`;

function demoArgs(): { once: boolean; db?: string | undefined } {
  try {
    const { values } = parseArgs({ options: { once: { type: 'boolean', default: false }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      say(USAGE);
      process.exit(0);
    }
    return values;
  } catch (err) {
    process.stderr.write(`demo: ${describeError(err)}\n${USAGE}\n`);
    process.exit(2);
  }
}

const values = demoArgs();

// Until everything is up a stop only exits; then it shuts the loop down first. Either way the 'exit' handler
// removes the temporary directory (a second Ctrl-C during a slow shutdown exits at once, and still removes it).
let shutdownNow: () => Promise<void> = async () => undefined;
let stopping = false;
const stop = (): void => {
  if (stopping) process.exit(130);
  stopping = true;
  void shutdownNow().catch((err: unknown) => process.stderr.write(`clopus demo: ${describeError(err)}\n`)).finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const cluster = new ClusterState();
buildScenario(cluster);
// The pods follow their causes: a patched Deployment rolls out, and the new pods start only if the fix was right.
const stopRollouts = simulate(cluster, behaviours);
const sandbox = await startSandbox({ cluster });
const dir = mkdtempSync(join(tmpdir(), 'clopus-demo-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const kubeconfig = join(dir, 'kubeconfig');
sandbox.writeKubeconfig(kubeconfig);
// The demo's policy: its trusted namespace may get workload patches without a person, like a team's staging.
const policyFile = join(dir, 'demo.yaml');
writeFileSync(policyFile, `policy:\n  trusted:\n    - name: demo-trusted\n      namespaces: [${TRUSTED}]\n      classes: [resources, image-rollback, restart-pod]\n      maxPerHour: 3\n`);
const env = {
  ...process.env,
  CLOPUS_CONFIG: policyFile,
  CLOPUS_DB_PATH: values.db ?? join(dir, 'clopus.db'),
  CLOPUS_CLUSTER: 'sandbox',
  CLOPUS_VERIFY_WINDOW_SECONDS: process.env.CLOPUS_VERIFY_WINDOW_SECONDS ?? '5',
};
const config = loadConfig(env);
const logger = createLogger({ level: process.env.CLOPUS_LOG_LEVEL ?? 'warn' });
const store = openStore(config.databasePath, { logger });
const kube = new KubeClient(sandbox.kubeConfig());
const access = modelAccess(config.fixer, env);
let live = false;
// With Slack tokens set, the demo posts to the workspace too, through the same outbox as `clopus serve`.
let slack: RunningSlack | undefined;
// What the policy did about each proposal, for the first pass's story; later ones are told as they happen.
const autoApproved = new Map<number, AutoApproveOutcome>();
// The same wiring as `clopus serve`: every proposal, the first batch's and any later one's, goes to the policy.
const fixer = startFixerWithPolicy({
  store, kube, config: config.fixer, access, logger, sweepMs: 2000, verifyPollMs: 1000, policy: config.policy,
  // After the first pass, the demo narrates what happens as it happens (an approval from another terminal).
  onDiagnosis: (id) => {
    slack?.sync(id, { post: true });
    const incident = store.getIncident(id);
    if (!live || !incident) return;
    tell(incident);
    waits(incident);
  },
  onAutoApprove: (id, outcome) => {
    autoApproved.set(id, outcome);
    slack?.sync(id);
    if (!live) return;
    const incident = store.getIncident(id);
    say(`${incident ? title(incident) : `#${id}`}: auto-approve: ${outcomeText(outcome)}`);
    if (outcome.outcome === 'approved') say(`#${id}: the sandbox rolls the Deployment out; Clopus watches it for ${config.fixer.verifyWindowSeconds} s…`);
  },
  onVerdict: (id, result) => {
    slack?.sync(id);
    if (live) say(`#${id}: ${result.message}`);
  },
});
const detector = new Detector({
  kube, store, config, logger,
  onIncidentReady: (id) => {
    fixer.enqueue(id);
    slack?.sync(id, { post: true });
  },
});
// Nothing else points at the demo's dashboard, so a busy port is no reason to stop: it takes a free one and says so.
let movedFrom: number | undefined;
const dashboardOptions = {
  store, logger, cluster: config.cluster, port: config.dashboard.port, host: config.dashboard.host, token: config.dashboard.token,
  ...watchProbes(() => detector.health()),
};
const dashboard = await startDashboard(dashboardOptions).catch(async (err: unknown) => {
  if ((err as { cause?: NodeJS.ErrnoException }).cause?.code === 'EADDRINUSE') {
    movedFrom = dashboardOptions.port;
    return startDashboard({ ...dashboardOptions, port: 0 });
  }
  throw err;
}).catch(async (err: unknown) => {
  // Anything else (a host beyond loopback without a token, a port it may not use): one sentence, no stack.
  process.stderr.write(`clopus demo: ${describeError(err)}\n`);
  stopRollouts();
  await fixer.stop();
  store.close();
  await sandbox.stop();
  process.exit(2);
});
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
    await detector.stop();
    await fixer.stop();
    await slack?.stop();
    await dashboard.close();
    store.close();
    await sandbox.stop();
  })();
  return closing;
}

say(`Clopus demo — an embedded sandbox cluster at ${sandbox.url}; the dashboard is on ${dashboard.url}`);
if (movedFrom !== undefined) say(`  Dashboard: port ${movedFrom} on ${config.dashboard.host} is in use by another program, so it took a free one (${dashboard.url}); set CLOPUS_DASHBOARD_PORT to choose.`);
say(`  ${TRUSTED}: cache (Redis) with a memory limit too low → OOMKilled`);
say(`  ${GUARDED}: api with a broken config file → CrashLoopBackOff; web rolled out to a missing image tag → ImagePullBackOff`);
say(`  Planner: ${access ? `runbooks first, then Claude Code (${access.source})` : 'runbooks only (no ANTHROPIC_API_KEY or other model credentials)'}; verify window ${config.fixer.verifyWindowSeconds} s`);
say(`  Files: ${dir} (kubeconfig, policy${values.db ? '' : ', database'}), removed when the demo stops${values.db ? `; the database is ${values.db}, kept` : ''}`);
try {
  const watched = namespaceMatcher(config.namespaces);
  slack = await startSlack({
    env, config, store, decisions: fixer.decisions, logger,
    scan: async (namespaces) => scanOnce(kube, config, namespaces), watches: (ns) => watched(ns), health: () => detector.health(),
  });
} catch (err) {
  say(`Slack: ${describeError(err)} The demo goes on without Slack.`);
}
say(slack
  ? `  Slack: posting to ${config.slack.channel ?? 'the routed channels'} (${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${slack.app.port}`}); approve there, or from another terminal`
  : '  Slack: off (set SLACK_BOT_TOKEN, SLACK_APP_TOKEN and CLOPUS_SLACK_CHANNEL to post to a workspace too)');
say();
await detector.start();
await detector.idle();
const incidents: Incident[] = store.listIncidents({ limit: 50, offset: 0, order: 'created_asc' }).items;
const find = (ns: string, name: string) => incidents.find((i) => i.namespace === ns && i.workloadName === name);
const cache = find(TRUSTED, 'cache');
const web = find(GUARDED, 'web');
detected(say, store, incidents);
say();

// Runbooks answer in milliseconds; a model run (with a key) may take minutes, and is reported when it ends.
const settled = (i: Incident | undefined) => !!i && !['open', 'diagnosing'].includes(store.getIncident(i.id)?.state ?? 'open');
await until(() => settled(cache) && settled(web) && (access !== undefined || incidents.every(settled)), 30_000);
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
for (const incident of incidents) slack?.sync(incident.id);
say();
const waited = new Set<number>();
const demo: DemoContext = { db: config.databasePath, kubeconfig, verifyWindowSeconds: config.fixer.verifyWindowSeconds, once: values.once };
const waits = (incident: Incident): void => {
  if (incident.namespace !== GUARDED || store.getIncident(incident.id)?.state !== 'proposed' || waited.has(incident.id)) return;
  waited.add(incident.id);
  waiting(say, store, incident, demo);
  say();
};
for (const incident of incidents) waits(incident);
summary(say, store, incidents.map((i) => i.id));

if (values.once) {
  // What Slack has not yet received (an outage, a rate limit) would stay in the outbox for the next start; give
  // the sender a moment so the workspace shows the same end state as the terminal.
  if (slack && !(await until(() => store.nextOutboxAt() === undefined, 15_000))) say('Slack: some messages are still queued (see the dashboard); they are sent on the next start.');
  const ok = store.getIncident(cache?.id ?? -1)?.state === 'verified' && store.getIncident(web?.id ?? -1)?.state === 'proposed';
  if (!ok) say(`Expected ${cache ? title(cache) : 'the cache incident'} verified and ${web ? title(web) : 'the web incident'} proposed.`);
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
