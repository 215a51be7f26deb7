import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { bringTo, cleanup, newIncident, open, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

function replicas(): [Store, Store] {
  const path = tempDbPath();
  return [open(path), open(path)];
}

function decisions(store: Store, id: number) {
  return store.auditTrail(id).filter((e) => e.fromState === 'proposed');
}

describe('two replicas on one file', () => {
  it('create one live incident for one fingerprint', () => {
    const [a, b] = replicas();

    const fromA = a.createIncident(newIncident(), 'replica-a');
    const fromB = b.createIncident(newIncident(), 'replica-b');

    expect(fromB.id).toBe(fromA.id);
    expect(a.listLive()).toHaveLength(1);
    expect(b.auditTrail(fromA.id).filter((e) => e.action === 'detected')).toEqual([
      expect.objectContaining({ actor: 'replica-a', fromState: null, toState: 'open' }),
    ]);
  });

  it('let exactly one of two approvals win', () => {
    const [a, b] = replicas();
    const { id } = a.createIncident(newIncident(), 'detector');
    bringTo(a, id, 'proposed');

    const results = [
      a.transition(id, 'proposed', 'approved', { actor: 'U1' }),
      b.transition(id, 'proposed', 'approved', { actor: 'U2' }),
    ];

    expect(results).toEqual([true, false]);
    expect(decisions(b, id)).toEqual([expect.objectContaining({ actor: 'U1', toState: 'approved' })]);
  });

  it('let exactly one of twenty approval attempts win', () => {
    const [a, b] = replicas();
    const { id } = a.createIncident(newIncident(), 'detector');
    bringTo(a, id, 'proposed');

    const results = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? a : b).transition(id, 'proposed', 'approved', { actor: `U${i}` }),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(decisions(a, id)).toHaveLength(1);
  });

  it('let an approval and a rejection racing end in one decision', () => {
    const [a, b] = replicas();
    const { id } = a.createIncident(newIncident(), 'detector');
    bringTo(a, id, 'proposed');

    const approved = a.transition(id, 'proposed', 'approved', { actor: 'U1', action: 'approve' });
    const rejected = b.transition(id, 'proposed', 'rejected', { actor: 'U2', action: 'reject' });

    expect([approved, rejected]).toEqual([true, false]);
    expect(b.getIncident(id)?.state).toBe('approved');
    expect(decisions(b, id)).toEqual([expect.objectContaining({ actor: 'U1', action: 'approve' })]);
  });
});

interface Replica {
  ready: Promise<void>;
  go(): void;
  result: Promise<{ created: number[]; won: number[] }>;
}

function startReplica(path: string, name: string, count: number, proposed: number[]): Replica {
  const script = fileURLToPath(new URL('./race-replica.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, path, name, String(count), JSON.stringify(proposed)],
    {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    },
  );
  let stdout = '';
  let stderr = '';
  let signalReady = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<{ created: number[]; won: number[] }>((resolve, reject) => {
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout.slice('ready\n'.length)))
        : reject(new Error(`${name} exited ${code}: ${stderr}`)),
    );
  });
  return { ready, go: () => child.stdin.end('g'), result };
}

describe('four processes on one file', () => {
  it('create each incident once and decide each exactly once', async () => {
    const path = tempDbPath();
    const store = open(path);
    const proposed = Array.from({ length: 200 }, (_, i) => {
      const { id } = store.createIncident(newIncident({ workloadName: `proposed-${i}` }), 'detector');
      bringTo(store, id, 'proposed');
      return id;
    });
    const started = ['alpha', 'beta', 'gamma', 'delta'].map((name) => startReplica(path, name, 100, proposed));
    await Promise.all(started.map((r) => r.ready));

    for (const replica of started) replica.go();
    const results = await Promise.all(started.map((r) => r.result));

    const [first] = results;
    for (const { created } of results) expect(created).toEqual(first?.created);
    expect(new Set(first?.created).size).toBe(100);
    const wins = results.flatMap((r) => r.won).sort((x, y) => x - y);
    expect(wins).toEqual(proposed);
    const db = raw(path);
    expect(db.prepare(`SELECT count(*) AS n FROM incidents`).get()).toEqual({ n: 300 });
    expect(db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'detected'`).get()).toEqual({ n: 300 });
    expect(db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'decide'`).get()).toEqual({ n: 200 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
