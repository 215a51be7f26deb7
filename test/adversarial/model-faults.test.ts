// The model API misbehaving, with the real Claude Code binary through the Agent SDK against the Messages API fake,
// seen through diagnoseIncident and the store: a hang, sticky overload, broken streams, an error echoing a secret,
// a run over its cost or turn budget. Each ends in diagnosis_failed with a reason that names the fault, within the
// configured limits and a bounded number of HTTP requests; the incident's evidence and history are untouched; and
// the next incident diagnoses fine. Finally the diagnoser's own retries stop at the attempt budget however often
// the queue and the sweep come round.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { runClaudePlanner } from '../../src/planner/claude/planner.js';
import { fixerKube } from '../../src/planner/kube.js';
import {
  createDiagnosisQueue,
  type DiagnoseDeps,
  type DiagnosisQueue,
  diagnoseIncident,
  sweepDiagnoses,
} from '../../src/runner/diagnoser/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { type RecordedRequest, type Reply, reply, type Turn, text, toolUse } from '../fakes/anthropic.js';
import { firstRequest, NS, startWorld, t, type World } from '../fixer/claude/harness.js';
import { fakeAccess, fixerConfig, runsStarted } from '../fixer/diagnoser/setup.js';
import { settle } from '../helpers/wait.js';
import { cleanup, open, tempDbPath } from '../store/fixtures.js';

/** Claude Code's retries per request (CLOPUS_CLAUDE_API_RETRIES, the shipped default). */
const API_RETRIES = 2;
/**
 * Requests one run may make for one failing turn: the first try and its retries, streamed; after a stream it could
 * not read, Claude Code asks once more without streaming. So at most 2 × (retries + 1).
 */
const REQUEST_BOUND = 2 * (API_RETRIES + 1);
/**
 * The wall-time limit for the hangs (CLOPUS_CLAUDE_TIMEOUT_SECONDS). It counts from the run's first request to the
 * fake (deps below), so Claude Code's start-up, however long on a loaded machine, does not use it up.
 */
const HANG_LIMIT_S = 6;
/** Per test: a failing run and a healthy one, each starting Claude Code; only a guard against a hang. */
const TEST_TIMEOUT_MS = 180_000;
const SECRET = 'sk-ant-api03-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm';

let w: World;
let store: Store;
beforeAll(async () => {
  w = await startWorld();
  store = openStore(tempDbPath());
});
afterAll(async () => {
  store?.close();
  cleanup();
  await w?.close();
});

let queue: DiagnosisQueue | undefined;
afterEach(async () => {
  await queue?.stop();
  queue = undefined;
});

function deps(env: Record<string, string> = {}, into: Store = store): DiagnoseDeps {
  // No per-request timeout shorter than the run's own: the wall-time limit is what must stop a hang.
  return {
    store: into,
    kube: fixerKube(w.kube),
    config: fixerConfig({ CLOPUS_CLAUDE_API_RETRIES: String(API_RETRIES), ...env }),
    access: fakeAccess(w.fake),
    logger: silentLogger(),
    limits: { apiTimeoutMs: 60_000 },
    planClaude: (input) => runClaudePlanner({ ...input, deadlineFrom: firstRequest(w.fake) }),
  };
}

/** The world's crash-looping Deployment filed as a new incident, with the detector's evidence. */
function file(into: Store = store): number {
  const incident = into.createIncident(
    {
      fingerprint: `test/${NS}/Deployment/web/web/CrashLoopBackOff/${Math.random()}`,
      cluster: 'test',
      namespace: NS,
      workloadKind: 'Deployment',
      workloadName: 'web',
      container: 'web',
      reason: 'CrashLoopBackOff',
      message: w.incident.message,
      restarts: 4,
      pods: w.pods.map((name) => ({
        name,
        uid: `uid-${name}`,
        restarts: 4,
        message: 'back-off',
        lastSeenAt: new Date().toISOString(),
      })),
    },
    'detector',
  );
  for (const e of w.evidence) into.addEvidence(incident.id, e);
  return incident.id;
}

/** Everything the store holds about an incident apart from what a diagnosis adds. */
function history(id: number) {
  return { evidence: store.recentEvidence(id, 10), audit: store.auditTrail(id) };
}

const healthy: Turn[] = [
  () =>
    reply(
      toolUse(t('propose_fix'), {
        summary: { rootCause: 'Stuck in back-off after the database came back.', confidence: 'low', risk: 'low' },
        actions: [{ type: 'restart_pod', reason: 'Retry now', pod: w.pods[0]! }],
      }),
    ),
  () => reply(text('Proposed a restart.')),
];

/** The requests one diagnosis made. */
async function diagnosed(
  d: DiagnoseDeps,
  id: number,
): Promise<{ outcome: Awaited<ReturnType<typeof diagnoseIncident>>; requests: RecordedRequest[] }> {
  const before = w.fake.requests.length;
  const outcome = await diagnoseIncident(d, id);
  return { outcome, requests: w.fake.requests.slice(before) };
}

const sticky =
  (r: Reply): Turn =>
  () => ({ ...r, sticky: true });
const investigate = (usage?: { input_tokens: number }): Turn =>
  sticky({ content: [{ type: 'tool_use', name: t('get_events'), input: {} }], ...(usage ? { usage } : {}) });

interface Fault {
  name: string;
  turn: Turn;
  env?: Record<string, string>;
  reason: RegExp;
  /** Most HTTP requests the failing run may make. */
  bound: number;
}

const FAULTS: Fault[] = [
  {
    name: 'the API stays overloaded (529)',
    turn: sticky({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }),
    reason: /^the model API call failed: .*529 Overloaded/,
    bound: API_RETRIES + 1,
  },
  {
    name: 'the stream is garbage',
    turn: sticky({ broken: 'garbage' }),
    reason: /^the model API call failed: .*JSON Parse error/,
    bound: REQUEST_BOUND,
  },
  {
    name: 'the JSON stops halfway',
    turn: sticky({ broken: 'truncated' }),
    reason: /^the model API call failed: .*JSON Parse error/,
    bound: REQUEST_BOUND,
  },
  {
    name: 'the connection is cut mid-event',
    turn: sticky({ broken: 'cut' }),
    reason: /^the model API call failed: .*(ECONNRESET|connection|socket)/i,
    bound: REQUEST_BOUND,
  },
  {
    name: 'the API error echoes a secret',
    turn: sticky({
      error: {
        status: 500,
        type: 'api_error',
        message: `gateway refused the request: Authorization: Bearer ${SECRET} DB_PASSWORD=hunter2`,
      },
    }),
    env: { CLOPUS_CLAUDE_API_RETRIES: '0' },
    bound: 1,
    reason:
      /^the model API call failed: API Error: 500 gateway refused the request: Authorization: Bearer \[REDACTED\] DB_PASSWORD=\[REDACTED\]/,
  },
  {
    name: 'one turn costs more than the budget',
    turn: investigate({ input_tokens: 2_000_000 }),
    env: { CLOPUS_CLAUDE_MAX_BUDGET_USD: '0.5' },
    reason: /^the model reached the cost limit of \$0\.5 without finishing$/,
    bound: 1,
  },
  {
    name: 'the model keeps investigating',
    turn: investigate(),
    env: { CLOPUS_CLAUDE_MAX_TURNS: '3' },
    reason: /^the model used all 3 turns without finishing$/,
    bound: 3,
  },
  // Last, once the binary is warm (its first request starts the limit: see deps).
  {
    name: 'the API never answers',
    turn: sticky({ hang: 'headers' }),
    env: { CLOPUS_CLAUDE_TIMEOUT_SECONDS: String(HANG_LIMIT_S) },
    reason: new RegExp(`^Claude Code did not finish within the ${HANG_LIMIT_S}000 ms limit$`),
    bound: 1,
  },
  {
    name: 'the stream stalls after message_start',
    turn: sticky({ hang: 'mid-stream' }),
    env: { CLOPUS_CLAUDE_TIMEOUT_SECONDS: String(HANG_LIMIT_S) },
    reason: new RegExp(`^Claude Code did not finish within the ${HANG_LIMIT_S}000 ms limit$`),
    bound: 1,
  },
];

describe('diagnosis when the model API misbehaves', () => {
  it.each(FAULTS)(
    '$name: diagnosis_failed with the reason, history intact, and the next incident diagnoses',
    async (fault) => {
      const d = deps(fault.env);
      const id = file();
      const before = history(id);
      w.fake.load([fault.turn]);

      const { outcome, requests } = await diagnosed(d, id);

      expect(outcome).toMatchObject({
        outcome: 'failed',
        planner: 'claude',
        reason: expect.stringMatching(fault.reason),
      });
      expect(requests.length).toBeGreaterThanOrEqual(1);
      expect(requests.length).toBeLessThanOrEqual(fault.bound);
      expect(store.getIncident(id)?.state).toBe('diagnosis_failed');
      const after = history(id);
      expect(after.evidence).toEqual(before.evidence);
      expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
      expect(after.audit.slice(before.audit.length).map((a) => [a.fromState, a.toState])).toEqual([
        ['open', 'diagnosing'],
        ['diagnosing', 'diagnosis_failed'],
      ]);
      const detail = JSON.parse(after.audit.at(-1)!.detail!) as { reason: string; retry: string };
      expect(detail.reason).toBe((outcome as { reason: string }).reason);
      expect(detail.retry).toMatch(/^automatic retry at /);
      const [diagnosis] = store.listDiagnoses(id);
      expect(diagnosis).toMatchObject({ attempt: 1, planner: 'claude', status: 'failed', error: detail.reason });
      // The evidence was stored as the detector gave it; what the run adds is redacted.
      expect(JSON.stringify([after.audit, diagnosis])).not.toMatch(/hunter2|sk-ant-api03/);
      if (fault.env?.CLOPUS_CLAUDE_MAX_BUDGET_USD) expect(diagnosis!.costUsd).toBeGreaterThan(0.5);

      const next = file();
      w.fake.load(healthy);
      const { outcome: ok } = await diagnosed(deps(), next);

      expect(ok).toMatchObject({ outcome: 'proposed', planner: 'claude' });
      expect(store.getIncident(next)?.state).toBe('proposed');
      expect(history(id)).toEqual(after);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'retries a failed diagnosis only up to the attempt budget, however often the queue and the sweep come round',
    async () => {
      // A store of its own: the sweep would otherwise pick up the incidents the faults above left failed.
      const own = open(tempDbPath());
      const d = deps(
        {
          CLOPUS_DIAGNOSIS_MAX_ATTEMPTS: '2',
          CLOPUS_DIAGNOSIS_RETRY_BACKOFF_SECONDS: '0',
          CLOPUS_CLAUDE_API_RETRIES: '0',
        },
        own,
      );
      queue = createDiagnosisQueue(d);
      const id = file(own);
      w.fake.load([sticky({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } })]);
      const runsBefore = runsStarted(w.fake);
      const requestsBefore = w.fake.main.length;

      queue.enqueue(id);
      for (let sweep = 0; sweep < 6; sweep++) {
        await queue.idle();
        sweepDiagnoses(d, queue);
        await settle(200);
      }
      await queue.idle();

      expect(runsStarted(w.fake) - runsBefore).toBe(2);
      expect(w.fake.main.length - requestsBefore).toBe(2);
      expect(own.getIncident(id)?.state).toBe('diagnosis_failed');
      expect(own.listDiagnoses(id).map((x) => [x.attempt, x.status])).toEqual([
        [1, 'failed'],
        [2, 'failed'],
      ]);
      const retries = own
        .auditTrail(id)
        .filter((a) => a.toState === 'diagnosis_failed')
        .map((a) => (JSON.parse(a.detail!) as { retry: string }).retry);
      expect(retries).toEqual([expect.stringMatching(/^automatic retry at /), 'no automatic retry left']);

      const next = file(own);
      w.fake.load(healthy);
      queue.enqueue(next);
      await queue.idle();

      expect(own.getIncident(next)?.state).toBe('proposed');
      expect(own.listDiagnoses(id)).toHaveLength(2);
    },
    TEST_TIMEOUT_MS,
  );
});
