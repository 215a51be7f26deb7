// An incident whose audit trail holds what the modules really write — JSON with camelCase keys, nested process
// owners, lists of actions, ISO times — and what the cluster can smuggle into it: terminal escapes and markup.
import type { Store } from '../../src/store/index.js';
import { newIncident } from '../store/fixtures.js';

export const T0 = '2026-02-24T01:12:00.000Z';
const later = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

/** Writes the trail through the store's own API; returns the incident's ID. */
export function seedTrail(store: Store): number {
  const { id } = store.createIncident(newIncident({ workloadName: 'cache', reason: 'OOMKilled' }), 'detector');
  const move = (
    from: Parameters<Store['transition']>[1],
    to: Parameters<Store['transition']>[2],
    action: string,
    detail: unknown,
  ) =>
    store.transition(id, from, to, {
      actor: action === 'verified' || action === 'diagnose' ? 'fixer' : 'policy:trusted',
      action,
      detail: detail as Record<string, unknown>,
    });
  move('open', 'diagnosing', 'diagnose', { attempt: 1, planner: 'auto' });
  move('diagnosing', 'proposed', 'proposed', {
    attempt: 1,
    planner: 'runbook',
    model: null,
    costUsd: 0,
    runbook: 'oom-memory',
    rootCause: 'Container "cache" was \u001b[31mOOMKilled\u001b[0m at its <b>64Mi</b> limit',
    confidence: 'medium',
    risk: 'low',
    actions: ['patch_workload'],
  });
  store.recordAudit(id, 'policy:trusted', 'auto_approve', { proposalId: 2, rule: 'trusted', classes: ['resources'] });
  move('proposed', 'approved', 'approve', { proposalId: 2, via: 'policy', process: { host: 'vm', pid: 4242 } });
  move('approved', 'applying', 'apply', { proposalId: 2, process: { host: 'vm', pid: 4242 } });
  move('applying', 'applied', 'applied', {
    proposalId: 2,
    since: later(30),
    actions: [{ seq: 1, kind: 'patch_workload', status: 'applied', detail: 'patched deployment/cache' }],
  });
  move('applied', 'regressed', 'regressed', {
    proposalId: 2,
    verdict: 'regressed',
    detail: 'pod cache-1 restarted \u0007\u001b]0;owned\u0007again',
    since: later(30),
    windowSeconds: 60,
  });
  move('regressed', 'rolled_back', 'rolled_back', {
    proposalId: 2,
    actions: [
      {
        seq: 1,
        kind: 'patch_workload',
        status: 'rolled_back',
        detail: 'restored the previous spec.template of deployment/cache',
      },
    ],
  });
  store.recordAudit(id, 'detector', 'pods_changed', { added: ['cache-3'], removed: ['cache-1', 'cache-2'] });
  return id;
}

/** The facts each face must show for that trail, in these words. */
export const FACTS = [
  'attempt 1 · planner: auto',
  'runbook: oom-memory',
  'root cause: Container "cache" was OOMKilled at its <b>64Mi</b> limit',
  'proposal 2 · policy rule: trusted · change classes: resources',
  'proposal 2 · via policy · process 4242 on host vm',
  'since 2026-02-24 01:12:30 UTC',
  '1. patch_workload applied: patched deployment/cache',
  'pod cache-1 restarted again',
  'verification window 60 s',
  '1. patch_workload rolled back: restored the previous spec.template of deployment/cache',
  'pods added: cache-3 · pods removed: cache-1, cache-2',
];

/** What neither face may show: JSON, keys as the code spells them, raw times, escapes. */
export const RAW = [
  /[{}[\]]"/,
  /"proposalId"|proposalId|costUsd|windowSeconds|rootCause/,
  /\d{4}-\d\d-\d\dT\d\d:\d\d/,
  /\\u00|\u001b|\u0007/,
  /"host"/,
];
