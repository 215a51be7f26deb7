// Every fixed SQL statement, prepared once per Store: the detector's hot path must not re-parse SQL.
import type { Database, Statement } from 'better-sqlite3';
import { CLOSED_STATES } from '../core/index.js';

/** The SQL form of "live" (not closed); the partial unique index in migrations.ts spells out the same set. */
export const LIVE_SQL = `state NOT IN (${CLOSED_STATES.map((s) => `'${s}'`).join(', ')})`;

const SQL = {
  insertIncident: `
    INSERT INTO incidents (fingerprint, cluster, namespace, workload_kind, workload_name, container, reason, message,
      state, restarts, first_seen_at, last_seen_at, detected_at, created_at, updated_at)
    VALUES (@fingerprint, @cluster, @namespace, @workloadKind, @workloadName, @container, @reason, @message,
      'open', @restarts, @firstSeenAt, @at, @detectedAt, @at, @at)
    ON CONFLICT DO NOTHING`,
  incidentById: `SELECT * FROM incidents WHERE id = ?`,
  liveByFingerprint: `SELECT * FROM incidents WHERE fingerprint = ? AND ${LIVE_SQL}`,
  recentlyResolved: `
    SELECT * FROM incidents WHERE fingerprint = ? AND state = 'resolved' AND resolved_at >= ?
    ORDER BY resolved_at DESC, id DESC LIMIT 1`,
  allLive: `SELECT * FROM incidents WHERE ${LIVE_SQL} ORDER BY id`,
  podsOf: `SELECT * FROM incident_pods WHERE incident_id = ? ORDER BY name`,
  podsOfMany: `
    SELECT * FROM incident_pods WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY incident_id, name`,
  podsOfLive: `
    SELECT p.* FROM incident_pods p JOIN incidents i ON i.id = p.incident_id
    WHERE i.${LIVE_SQL} ORDER BY p.incident_id, p.name`,
  podNames: `SELECT name FROM incident_pods WHERE incident_id = ?`,
  upsertPod: `
    INSERT INTO incident_pods (incident_id, name, uid, restarts, message, exit_code, last_seen_at)
    VALUES (@incidentId, @name, @uid, @restarts, @message, @exitCode, @lastSeenAt)
    ON CONFLICT (incident_id, name) DO UPDATE SET uid = excluded.uid, restarts = excluded.restarts,
      message = excluded.message, exit_code = excluded.exit_code, last_seen_at = excluded.last_seen_at`,
  deletePod: `DELETE FROM incident_pods WHERE incident_id = ? AND name = ?`,
  observe: `
    UPDATE incidents SET restarts = @restarts, message = @message, last_seen_at = @lastSeenAt, updated_at = @at
    WHERE id = @id`,
  stateOf: `SELECT state FROM incidents WHERE id = ?`,
  // The guard is the WHERE: a caller that read a stale state changes nothing and learns so from `changes`. The
  // in-flight columns are set with every move (advance.ts computes them; NULL outside the states they belong to).
  transition: `
    UPDATE incidents SET
      state = @to,
      updated_at = @at,
      resolved_at = CASE WHEN @to = 'resolved' THEN @at WHEN @to = 'open' THEN NULL ELSE resolved_at END,
      reopen_count = reopen_count + (state = 'resolved' AND @to = 'open'),
      apply_owner_host = @ownerHost,
      apply_owner_pid = @ownerPid,
      apply_owner_since = @ownerSince,
      verify_since = @verifySince
    WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
  inFlightOf: `SELECT state, apply_owner_host, apply_owner_pid, apply_owner_since, verify_since FROM incidents WHERE id = ?`,
  setManager: `UPDATE incidents SET manager = @manager WHERE id = @id`,
  setSlackMessage: `
    UPDATE incidents SET slack_channel = @channel, slack_ts = @ts, updated_at = @at
    WHERE id = @id AND slack_ts IS NULL`,
  insertAudit: `
    INSERT INTO audit (incident_id, at, actor, from_state, to_state, action, detail)
    VALUES (@incidentId, @at, @actor, @fromState, @toState, @action, @detail) RETURNING *`,
  auditOf: `SELECT * FROM audit WHERE incident_id = ? ORDER BY id`,
  insertEvidence: `INSERT INTO evidence (incident_id, collected_at, body) VALUES (?, ?, ?) RETURNING *`,
  latestEvidence: `SELECT * FROM evidence WHERE incident_id = ? ORDER BY collected_at DESC, id DESC LIMIT 1`,
  countByState: `SELECT state, count(*) AS n FROM incidents GROUP BY state`,
} as const;

export type Statements = { readonly [K in keyof typeof SQL]: Statement };

export function prepareStatements(db: Database): Statements {
  const entries = Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]);
  return Object.fromEntries(entries) as Statements;
}
