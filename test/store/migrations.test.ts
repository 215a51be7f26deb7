import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { cleanup, newIncident, open, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

function tables(path: string): string[] {
  return raw(path)
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .all()
    .map((row) => (row as { name: string }).name);
}

describe('migrations', () => {
  it('brings a fresh file to the current version with every table', () => {
    const path = tempDbPath();

    open(path);

    expect(raw(path).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(tables(path)).toEqual([
      'answers',
      'applied_actions',
      'audit',
      'auto_approvals',
      'decisions',
      'diagnoses',
      'evidence',
      'incident_pods',
      'incidents',
      'lease',
      'outbox',
      'proposals',
      'pull_requests',
      'revisions',
      'settings',
    ]);
  });

  it('treats reopening a current file as a no-op and keeps its data', () => {
    const path = tempDbPath();
    const first = open(path);
    const created = first.createIncident(newIncident(), 'detector');
    first.close();
    const schemaBefore = raw(path).prepare('SELECT sql FROM sqlite_master ORDER BY name').all();

    const second = open(path);

    expect(raw(path).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw(path).prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore);
    expect(second.getIncident(created.id)).toEqual(created);
  });

  it('refuses a database written by a newer Clopus, saying what to do, and leaves it untouched', () => {
    const path = tempDbPath();
    raw(path).pragma(`user_version = ${SCHEMA_VERSION + 1}`);

    const opening = () => open(path);

    expect(opening).toThrow(
      expect.objectContaining({
        code: 'STORE_ERROR',
        message: expect.stringMatching(
          new RegExp(
            `schema version ${SCHEMA_VERSION + 1}, but this Clopus only knows up to version ${SCHEMA_VERSION}`,
          ),
        ),
      }),
    );
    expect(raw(path).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(tables(path)).toEqual([]);
  });

  it('applies each step in its own transaction, so a failing step leaves the earlier ones and nothing of itself', () => {
    const path = tempDbPath();
    const db = raw(path);
    const steps = [
      'CREATE TABLE one (x INTEGER) STRICT;',
      'CREATE TABLE two (x INTEGER) STRICT; CREATE TABLE broken (',
    ];

    const migrating = () => migrate(db, { path, logger: silentLogger(), migrations: steps });

    expect(migrating).toThrow(/incomplete input|syntax error/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(path)).toEqual(['one']);
  });

  it('lets two stores open one fresh file and migrate it once', () => {
    const path = tempDbPath();

    const a = open(path);
    const b = open(path);

    expect(raw(path).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(b.getIncident(a.createIncident(newIncident(), 'detector').id)?.state).toBe('open');
  });
});

describe('migration 2', () => {
  it('adds a detail column to applied actions and keeps the rows written under version 1', () => {
    const path = tempDbPath();
    const db = raw(path);
    migrate(db, { path, logger: silentLogger(), migrations: MIGRATIONS.slice(0, 1) });
    db.exec(`INSERT INTO incidents (id, fingerprint, cluster, namespace, workload_kind, workload_name, reason, message, state, first_seen_at, last_seen_at, detected_at, created_at, updated_at)
      VALUES (1, 'f', 'c', 'ns', 'Deployment', 'web', 'OOMKilled', 'm', 'applied', 't', 't', 't', 't', 't')`);
    db.exec(
      `INSERT INTO proposals (id, incident_id, created_at, summary, actions, status) VALUES (1, 1, 't', '{}', '[]', 'applied')`,
    );
    db.exec(
      `INSERT INTO applied_actions (proposal_id, seq, kind, target, status, at) VALUES (1, 1, 'patch_workload', '{}', 'done', 't')`,
    );

    const store = open(path);

    expect(raw(path).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.listAppliedActions(1)).toEqual([expect.objectContaining({ seq: 1, status: 'done', detail: null })]);
    expect(store.updateAppliedAction(1, 1, { status: 'rolled_back', detail: 'restored the previous spec' })).toBe(true);
    expect(store.listAppliedActions(1)[0]).toMatchObject({
      status: 'rolled_back',
      detail: 'restored the previous spec',
    });
  });
});
