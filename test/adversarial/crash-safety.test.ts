// Crash safety: a bot killed with SIGKILL at 20 random points of an apply, then started again. Whatever the
// moment, no action lands twice, every change that landed is in the record, an interrupted apply is marked
// `apply_failed` as interrupted (never resumed), and the SQLite file passes integrity_check.
// The sandbox lives in this process, so it outlives every kill; its delays stretch each apply so kills land inside.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProposalAction } from '../../src/planner/proposal/schema.js';
import { sha256 } from '../../src/remediation/apply/index.js';
import { INTERRUPTED_APPLY, INTERRUPTED_APPROVAL } from '../../src/remediation/decide/index.js';
import { deployment, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli } from '../cli/run.js';
import { type ChildRun, runChild } from './process.js';

const KILLS = 20;
const NS = 'shop';
const CONFIG = '/etc/web/config.yaml';
const OLD = 'workers: 2\n';
const NEW = 'workers: 8\n';
/** The exec copies the config here; each write of this path is one run of the command. */
const RAN = '/tmp/ran.yaml';
/** Each read or write of a Deployment or pod of ours waits this long, so an apply takes long enough to be cut. */
const DELAY_MS = 60;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A bot's first line: what it prints once it has recovered what a killed bot left (crash-child.ts). */
const RECOVERED = /^\{"recovered":\d+\}$/m;
const APPLYING = /^applying$/m;
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);

let sandbox: Sandbox;
let store: Store;
let dir: string;
let child: string;
const live: ChildRun[] = [];

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with CRASH_SEED. */
function prng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  console.log(`crash-safety seed ${seed} (replay with CRASH_SEED=${seed})`);
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'clopus-crash-'));
  sandbox.writeKubeconfig(join(dir, 'kubeconfig'));
  store = openStore(join(dir, 'clopus.db'));
  // One bundle, started 21 times: a fresh process per kill must start in about a second.
  const out = join(ROOT, 'node_modules', '.cache', 'clopus-adversarial');
  mkdirSync(out, { recursive: true });
  child = join(out, `crash-child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'test/adversarial/crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: child,
    logLevel: 'warning',
  });
  sandbox.faults.inject({
    path: /\/namespaces\/shop\/(deployments|pods)\/web-\d+/,
    delayMs: DELAY_MS,
    times: Infinity,
  });
});

afterAll(async () => {
  await Promise.all(live.splice(0).map((c) => c.stop('SIGKILL')));
  store?.close();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(child, { force: true });
});

const SEQ = { edit: 1, patch: 2, exec: 3, restart: 4 } as const;
/** How often each action's change landed in the cluster, counted by the sandbox as it happened. */
type Counts = Record<keyof typeof SEQ, number>;

/** A Deployment with two pods and an incident proposing four actions on it: edit, patch, exec, restart. */
function proposed(i: number): { incidentId: number; proposalId: number; landed: () => Counts } {
  const name = `web-${i}`;
  const { pods } = deployment(sandbox.cluster, {
    namespace: NS,
    name,
    replicas: 2,
    image: 'example/web:1.0',
    files: { [CONFIG]: OLD },
  });
  const [first, second] = pods.map((p) => ({ name: p.metadata.name, uid: p.metadata.uid ?? '' }));
  const seen = { edit: 0, patch: 0, restart: 0 };
  const fs = sandbox.cluster.containers.files(NS, first!.name, name);
  const write = fs.write.bind(fs);
  let ran = 0;
  fs.write = (path, data) => {
    if (path === CONFIG) seen.edit++;
    if (path === RAN) ran++;
    write(path, data);
  };
  sandbox.cluster.subscribe((c) => {
    if (
      c.kind === 'Deployment' &&
      c.type === 'MODIFIED' &&
      c.entry.obj.metadata.name === name &&
      JSON.stringify(c.prev?.obj.spec?.template) !== JSON.stringify(c.entry.obj.spec?.template)
    )
      seen.patch++;
    if (c.kind === 'Pod' && c.type === 'DELETED' && c.entry.obj.metadata.name === second!.name) seen.restart++;
  });
  const landed = (): Counts => ({ ...seen, exec: ran });
  const now = new Date().toISOString();
  const { id } = store.createIncident(
    {
      fingerprint: `sandbox/${NS}/Deployment/${name}/${name}/CrashLoopBackOff`,
      cluster: 'sandbox',
      namespace: NS,
      workloadKind: 'Deployment',
      workloadName: name,
      container: name,
      reason: 'CrashLoopBackOff',
      message: 'back-off restarting failed container',
      restarts: 3,
      pods: [first!, second!].map((p) => ({ ...p, restarts: 3, message: 'back-off', lastSeenAt: now })),
    },
    'detector',
  );
  store.transition(id, 'open', 'diagnosing', { actor: 'fixer' });
  const actions: ProposalAction[] = [
    {
      type: 'edit_file',
      reason: 'more workers',
      pod: first!.name,
      container: name,
      path: CONFIG,
      content: NEW,
      expectedSha256: sha256(OLD),
    },
    {
      type: 'patch_workload',
      reason: 'room for them',
      patch: { spec: { template: { spec: { containers: [{ name, resources: { limits: { memory: '512Mi' } } }] } } } },
    },
    { type: 'exec', reason: 'note it', pod: first!.name, container: name, argv: ['cp', CONFIG, RAN] },
    { type: 'restart_pod', reason: 'pick it up', pod: second!.name },
  ];
  const proposal = store.saveProposal({
    incidentId: id,
    diagnosisId: null,
    summary: { rootCause: 'Too few workers.', confidence: 'high', risk: 'low' },
    actions,
    diff: '',
  });
  store.transition(id, 'diagnosing', 'proposed', { actor: 'fixer', detail: { proposalId: proposal.id } });
  return { incidentId: id, proposalId: proposal.id, landed };
}

function start(incidentId?: number): ChildRun {
  const run = runChild(
    child,
    [join(dir, 'clopus.db'), join(dir, 'kubeconfig'), ...(incidentId === undefined ? [] : [String(incidentId)])],
    { HOME: dir },
  );
  live.push(run);
  return run;
}

function integrity(): string {
  const db = new Sqlite(join(dir, 'clopus.db'), { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** After the restart: the incident is where a killed bot must leave it, and the record covers what landed. */
function checkAfterRestart(k: number, t: ReturnType<typeof proposed>, atKill: Counts): Outcome {
  const where = `kill ${k} (seed ${seed})`;
  const incident = store.getIncident(t.incidentId)!;
  const rows = store.listAppliedActions(t.proposalId);
  const now = t.landed();
  // Nothing is applied twice, and the restart resumed nothing.
  for (const [action, n] of Object.entries(now))
    expect(n, `${where}: ${action} landed ${n} times`).toBeLessThanOrEqual(1);
  expect(now, `${where}: the restart changed the cluster`).toEqual(atKill);
  // Every change that landed has its row (done, or started: "may have landed").
  for (const [action, seq] of Object.entries(SEQ)) {
    if (now[action as keyof typeof SEQ] === 1)
      expect(
        rows.map((r) => r.seq),
        `${where}: ${action} landed but is not recorded`,
      ).toContain(seq);
  }
  const trail = store.auditTrail(t.incidentId);
  const last = trail.findLast((a) => a.toState !== null)!;
  switch (incident.state) {
    case 'applied':
      expect(
        rows.map((r) => r.status),
        where,
      ).toEqual(['done', 'done', 'done', 'done']);
      break;
    case 'apply_failed':
      expect(last, where).toMatchObject({
        fromState: 'applying',
        toState: 'apply_failed',
        action: 'interrupted',
        actor: 'fixer',
      });
      expect(JSON.parse(last.detail!), where).toEqual({
        proposalId: t.proposalId,
        reason: INTERRUPTED_APPLY,
        actionsRecorded: rows.length,
      });
      expect(store.getProposal(t.proposalId)?.status, where).toBe('apply_failed');
      break;
    case 'expired':
      expect(last, where).toMatchObject({ fromState: 'approved', toState: 'expired', action: 'interrupted' });
      expect(JSON.parse(last.detail!).reason, where).toBe(INTERRUPTED_APPROVAL);
      expect(rows, where).toEqual([]);
      break;
    case 'proposed':
      // Killed before the approval was committed: nothing was decided, nothing touched.
      expect(store.listDecisions(t.proposalId), where).toEqual([]);
      break;
    default:
      expect.fail(`${where}: incident left ${incident.state}`);
  }
  expect(['applying', 'approved'], where).not.toContain(incident.state);
  return { state: incident.state, incidentId: t.incidentId };
}

interface Outcome {
  state: string;
  incidentId: number;
}

/** A kill as the restart finds it: the incident, and what had landed when the bot died. */
interface Killed {
  k: number;
  target: ReturnType<typeof proposed>;
  atKill: Counts;
}

/**
 * Kills one bot per entry of `kills` in turn, each a random delay into its apply, and checks each kill once the
 * next bot has started (its recovery runs first); the last bot only starts and recovers. Returns the end states.
 */
async function killInTurn(kills: number[], random: () => number, windowMs: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let previous: Killed | undefined;
  for (const k of [...kills, undefined]) {
    const target = k === undefined ? undefined : proposed(k);
    const bot = start(target?.incidentId);
    // Its first line is its first sign of life: a start-up on a loaded machine has STARTUP_MS (process.ts).
    await bot.waitFor('stdout', RECOVERED, { what: `the restart after kill ${previous?.k} to recover` });
    if (previous) outcomes.push(checkAfterRestart(previous.k, previous.target, previous.atKill));
    if (!target || k === undefined) {
      await bot.exit({ what: 'the last bot to exit after its recovery' });
      return outcomes;
    }
    await bot.waitFor('stdout', APPLYING, { what: `bot ${k} to start applying` });
    await new Promise((r) => setTimeout(r, (0.1 + random()) * windowMs));
    await bot.stop('SIGKILL');
    expect(integrity(), `kill ${k} (seed ${seed})`).toBe('ok');
    // A request the bot sent just before dying still lands, as on a real API server: let it.
    await new Promise((r) => setTimeout(r, DELAY_MS * 3));
    previous = { k, target, atKill: target.landed() };
  }
  return outcomes;
}

it(`survives ${KILLS} kills with SIGKILL during apply: nothing applied twice, interruptions marked, the file intact`, async () => {
  // Four applies left alone, at once as the kills below run: each must land every action exactly once (else the
  // counting proves nothing), and how long they take on this machine, as loaded as it is now, is the kill window.
  const calm = await Promise.all(
    [101, 102, 103, 104].map(async (k) => {
      const whole = proposed(k);
      const bot = start(whole.incidentId);
      await bot.waitFor('stdout', APPLYING, { what: `calm bot ${k} to start applying` });
      const started = performance.now();
      expect(await bot.exit({ timeoutMs: 60_000, what: `calm bot ${k} to finish its apply` })).toEqual({
        code: 0,
        signal: null,
      });
      expect(bot.stdout()).toContain('"outcome":"applied"');
      expect(whole.landed()).toEqual({ edit: 1, patch: 1, exec: 1, restart: 1 });
      return performance.now() - started;
    }),
  );
  const applyMs = calm.reduce((a, b) => a + b, 0) / calm.length;

  // Four bots at a time (as `clopus approve` runs beside a server): a restart recovers only the work of dead ones.
  const lanes = [0, 1, 2, 3].map((lane) => Array.from({ length: KILLS / 4 }, (_, j) => 1 + lane + 4 * j));
  // Each lane draws from its own generator, so a seed replays the same delays whatever the lanes' interleaving.
  const outcomes = (
    await Promise.all(lanes.map((kills, lane) => killInTurn(kills, prng(seed + lane), applyMs)))
  ).flat();

  const states = outcomes.map((o) => o.state);
  console.log(
    `crash-safety: a whole apply took ${Math.round(applyMs)} ms; after ${KILLS} kills: ${JSON.stringify(states.reduce<Record<string, number>>((n, o) => ({ ...n, [o]: (n[o] ?? 0) + 1 }), {}))}`,
  );
  expect(outcomes).toHaveLength(KILLS);
  expect(states, 'no kill landed inside an apply').toContain('apply_failed');
  expect(integrity()).toBe('ok');
  // The person who approved reads it in the incident's history.
  const interrupted = outcomes.find((o) => o.state === 'apply_failed')!.incidentId;
  const shown = await runCli(['show', String(interrupted)], { env: { CLOPUS_DB_PATH: join(dir, 'clopus.db') } });
  expect(shown.stdout).toMatch(
    /fixer\s+applying → apply_failed {2}interrupted\n(?: {6}.*\n)*? {6}interrupted: the bot stopped during apply; check the actions recorded/,
  );
  // 25 bots started in turn, four at a time: on a loaded machine each start can take many seconds.
}, 600_000);
