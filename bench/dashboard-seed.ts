// Seeds a store with many incidents through the real store API, spread over 90 days, in every state; one in
// DETAILED gets the full record (evidence, diagnosis, proposal with a diff, decision, applied actions).

import type { IncidentState } from '../src/core/index.js';
import { REASONS } from '../src/core/index.js';
import { openStore, type Store, TRANSITIONS } from '../src/store/index.js';

const NAMESPACES = Array.from(
  { length: 40 },
  (_, i) => ['shop', 'pay', 'search', 'auth', 'data'][i % 5]! + `-${Math.floor(i / 5)}`,
);
const FINAL: IncidentState[] = [
  'resolved',
  'resolved',
  'resolved',
  'verified',
  'verified',
  'rolled_back',
  'regressed',
  'rejected',
  'expired',
  'no_fix',
  'diagnosis_failed',
  'apply_failed',
  'proposed',
  'open',
  'diagnosing',
  'approved',
  'applying',
  'applied',
];
const DETAILED = 20;
/** Incidents per transaction: a commit per row would make the seed take minutes. */
const BATCH = 2000;
const SPAN_MS = 90 * 24 * 3600 * 1000;

/** A deterministic pseudo-random sequence, so two seeds of the same size are the same database. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pathTo(target: IncidentState): IncidentState[] {
  const previous = new Map<IncidentState, IncidentState | null>([['open', null]]);
  const queue: IncidentState[] = ['open'];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of TRANSITIONS[state]) if (!previous.has(next)) previous.set(next, state), queue.push(next);
  }
  const path: IncidentState[] = [];
  for (let s: IncidentState | null | undefined = target; s != null && s !== 'open'; s = previous.get(s))
    path.unshift(s);
  return path;
}

const LOG = Array.from(
  { length: 60 },
  (_, i) =>
    `2025-03-01T03:12:${String(i).padStart(2, '0')}Z ERROR worker ${i}: connection refused to redis:6379 (attempt ${i})`,
).join('\n');
const DIFF = `1. patch_workload Deployment shop/web
--- a/Deployment/web
+++ b/Deployment/web
@@ -20,7 +20,7 @@
         resources:
           limits:
-            memory: 128Mi
+            memory: 256Mi
           requests:
             cpu: 100m
`;

function addDetails(store: Store, id: number, namespace: string, name: string, state: IncidentState): void {
  store.addEvidence(id, {
    pod: `${name}-7c9f-abcde`,
    container: 'app',
    state: 'waiting: CrashLoopBackOff',
    restarts: 7,
    lastTermination: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2025-03-01T03:12:59Z' },
    events: [{ reason: 'BackOff', message: 'Back-off restarting failed container', count: 12 }],
    logTail: LOG,
    logsPrevious: true,
    truncated: false,
  });
  const { diagnosis } = store.startDiagnosis({ incidentId: id, attempt: 1, planner: 'claude', model: 'claude-sonnet' });
  store.finishDiagnosis(diagnosis.id, {
    status: 'proposed',
    usage: {
      model: 'claude-sonnet',
      turns: 6,
      inputTokens: 18_000,
      outputTokens: 900,
      costUsd: 0.07,
      durationMs: 41_000,
    },
    explanation: 'The container is killed for exceeding its memory limit under normal load.',
  });
  const proposal = store.saveProposal({
    incidentId: id,
    diagnosisId: diagnosis.id,
    summary: { rootCause: 'The memory limit is below the working set.', confidence: 'high', risk: 'low' },
    actions: [{ type: 'patch_workload', reason: 'Double the memory limit', namespace, patch: { spec: {} } }],
    diff: DIFF.replace('shop/web', `${namespace}/${name}`),
  });
  if (['approved', 'applying', 'applied', 'verified', 'regressed', 'rolled_back', 'apply_failed'].includes(state)) {
    store.recordDecision({
      proposalId: proposal.id,
      incidentId: id,
      actor: 'U024BE7LH',
      decision: 'approve',
      via: 'slack',
    });
    store.recordAppliedAction({
      proposalId: proposal.id,
      seq: 1,
      kind: 'patch_workload',
      target: `Deployment ${namespace}/${name}`,
      before: { memory: '128Mi' },
      after: { memory: '256Mi' },
      status: 'done',
      detail: 'Patched the memory limit.',
    });
  }
}

/** Creates `count` incidents in a new store at `path`, in about a second per 8,000. */
export function seedIncidents(path: string, count: number, end = new Date()): void {
  const start = end.getTime() - SPAN_MS;
  const step = SPAN_MS / count;
  let t = start;
  const store = openStore(path, { now: () => new Date(t) });
  const random = rng(count);
  try {
    for (let first = 0; first < count; first += BATCH) {
      store.batch(() => {
        for (let i = first; i < Math.min(count, first + BATCH); i++) one(i);
      });
    }
  } finally {
    store.close();
  }

  function one(i: number): void {
    t = start + (i + 1) * step - step / 2;
    const namespace = NAMESPACES[Math.floor(random() * NAMESPACES.length)]!;
    const reason = REASONS[Math.floor(random() * REASONS.length)]!;
    const name = `svc-${i}`;
    const incident = store.createIncident(
      {
        fingerprint: `prod/${namespace}/Deployment/${name}/app/${reason}`,
        cluster: 'prod',
        namespace,
        workloadKind: 'Deployment',
        workloadName: name,
        container: 'app',
        reason,
        message: `back-off restarting failed container (exit ${1 + (i % 3)})`,
        restarts: 1 + (i % 9),
        pods: [
          {
            name: `${name}-7c9f-abcde`,
            uid: `uid-${i}`,
            restarts: 1 + (i % 9),
            message: 'back-off',
            lastSeenAt: new Date(t).toISOString(),
          },
        ],
        detectedAt: new Date(t - 50 - random() * 3000).toISOString(),
      },
      'detector',
    );
    const state = FINAL[i % FINAL.length]!;
    let from: IncidentState = 'open';
    for (const to of pathTo(state)) {
      t += step / 20;
      store.transition(incident.id, from, to, { actor: 'fixer' });
      from = to;
    }
    if (i % DETAILED === 0) addDetails(store, incident.id, namespace, name, state);
  }
}
