// Schema versions: an append-only list of SQL steps, tracked in PRAGMA user_version.
import type { Database } from 'better-sqlite3';
import { ClopusError } from '../errors.js';
import type { Logger } from '../logger.js';
import { V2, V3, V4, V5, V6, V7, V8, V9 } from './migrations-later.js';

// Enumerated columns (state, reason, status, decision, via) carry no CHECK: SQLite can only change a CHECK by
// rebuilding the table, and every value is typed on write and parsed on read anyway. JSON columns do check
// json_valid, because a bad body would otherwise surface far from the code that wrote it.
// The live-incident predicate below must match CLOSED_STATES in types.ts.
const V1 = `
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  cluster TEXT NOT NULL,
  namespace TEXT NOT NULL,
  workload_kind TEXT NOT NULL,
  workload_name TEXT NOT NULL,
  container TEXT,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  state TEXT NOT NULL,
  restarts INTEGER NOT NULL DEFAULT 0,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  slack_channel TEXT,
  slack_ts TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX incidents_one_live_per_fingerprint ON incidents (fingerprint)
  WHERE state NOT IN ('resolved', 'verified', 'rolled_back');
CREATE INDEX incidents_fingerprint_state ON incidents (fingerprint, state);
CREATE INDEX incidents_state_updated ON incidents (state, updated_at);
CREATE INDEX incidents_namespace_updated ON incidents (namespace, updated_at);
CREATE INDEX incidents_reason ON incidents (reason);
CREATE INDEX incidents_created ON incidents (created_at);
CREATE INDEX incidents_updated ON incidents (updated_at);

CREATE TABLE incident_pods (
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  uid TEXT NOT NULL,
  restarts INTEGER NOT NULL,
  message TEXT NOT NULL,
  exit_code INTEGER,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (incident_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  collected_at TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX evidence_incident ON evidence (incident_id, collected_at);

-- No cascade: an incident cannot be deleted while its audit trail exists, so pruning history is deliberate.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  action TEXT NOT NULL,
  detail TEXT
) STRICT;
CREATE INDEX audit_incident ON audit (incident_id, id);
CREATE INDEX audit_at ON audit (at);

CREATE TABLE diagnoses (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  planner TEXT NOT NULL,
  model TEXT,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  turns INTEGER,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost_usd REAL,
  duration_ms INTEGER,
  error TEXT,
  explanation TEXT,
  UNIQUE (incident_id, attempt)
) STRICT;

CREATE TABLE proposals (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  diagnosis_id INTEGER REFERENCES diagnoses (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  summary TEXT NOT NULL CHECK (json_valid(summary)),
  actions TEXT NOT NULL CHECK (json_valid(actions)),
  diff TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL
) STRICT;
CREATE INDEX proposals_incident ON proposals (incident_id, id);
CREATE INDEX proposals_diagnosis ON proposals (diagnosis_id);

-- One row per proposal and kind of decision, so a double click or a Slack retry inserts nothing new.
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  actor TEXT NOT NULL,
  decision TEXT NOT NULL,
  at TEXT NOT NULL,
  via TEXT NOT NULL,
  detail TEXT,
  UNIQUE (proposal_id, decision)
) STRICT;
CREATE INDEX decisions_incident ON decisions (incident_id);

CREATE TABLE applied_actions (
  proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after)),
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (proposal_id, seq)
) STRICT;

-- Slack deliveries, written in the same transaction as the change they announce and sent afterwards.
-- dedupe_key makes enqueueing idempotent (e.g. "incident:12:posted").
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER REFERENCES incidents (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  slack_ts TEXT,
  dedupe_key TEXT UNIQUE
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_incident ON outbox (incident_id);
`;

/** Append only: never edit a released step, add a new one. Step i brings user_version from i to i + 1. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5, V6, V7, V8, V9];

export const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function tooNew(path: string, found: number, known: number): ClopusError {
  return new ClopusError(
    'STORE_ERROR',
    `The database ${path} has schema version ${found}, but this Clopus only knows up to version ${known}. ` +
      'Run a newer Clopus, or point CLOPUS_DB_PATH at another file.',
  );
}

/**
 * Brings the database up to the latest version, one transaction per step. Each step re-reads the version under
 * the write lock, so two processes opening a fresh file at once apply every step exactly once.
 */
export function migrate(
  db: Database,
  options: { path: string; logger: Logger; migrations?: readonly string[] },
): number {
  const migrations = options.migrations ?? MIGRATIONS;
  const step = db.transaction((): number | undefined => {
    const version = userVersion(db);
    if (version > migrations.length) throw tooNew(options.path, version, migrations.length);
    const sql = migrations[version];
    if (sql === undefined) return undefined;
    db.exec(sql);
    db.pragma(`user_version = ${version + 1}`);
    return version + 1;
  });
  for (;;) {
    const applied = step.immediate();
    if (applied === undefined) return userVersion(db);
    options.logger.info({ path: options.path, version: applied }, 'store schema migrated');
  }
}
