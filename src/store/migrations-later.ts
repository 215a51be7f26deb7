// Schema steps after the first (V2 onwards), one constant each, in order; migrations.ts runs them.

// Applying a proposal writes one sentence per action (what it did, or why it failed or was skipped), which the
// first schema had no column for.
export const V2 = `
ALTER TABLE applied_actions ADD COLUMN detail TEXT;
`;

// Slack and policy: why an outbox item last failed (and whether its outcome is unknown), the auto-approve pause
// switch and other settings, and one row per auto-approval so the hourly limit is counted and reserved atomically.
export const V3 = `
ALTER TABLE outbox ADD COLUMN last_error TEXT;
-- 1 when an attempt may have reached Slack without an answer (a 5xx, a timeout, a crash mid-call): look first, then post.
ALTER TABLE outbox ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_pending_incident ON outbox (incident_id, id) WHERE status IN ('pending', 'sending');
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;
CREATE TABLE auto_approvals (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  namespace TEXT NOT NULL,
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposals (id) ON DELETE CASCADE,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX auto_approvals_window ON auto_approvals (rule, namespace, at);
`;

// The dashboard filters by reason (and namespace) in updated order, counts by reason and state, and reads time to detect, verdicts
// and model runs over a window: each got an index so that its pages stay fast at 100,000 incidents. The
// (reason, …) and (created_at, …) indexes serve every query the ones they replace did. No index leads with state
// besides (state, updated_at): another would draw the state filter away from the one that orders its page.
export const V4 = `
CREATE INDEX incidents_reason_updated ON incidents (reason, updated_at);
CREATE INDEX incidents_namespace_reason_updated ON incidents (namespace, reason, updated_at);
CREATE INDEX incidents_reason_state ON incidents (reason, state);
DROP INDEX incidents_reason;
CREATE INDEX incidents_created_detected ON incidents (created_at, detected_at, reason);
DROP INDEX incidents_created;
CREATE INDEX audit_to_state_at ON audit (to_state, at) WHERE to_state IS NOT NULL;
CREATE INDEX diagnoses_started ON diagnoses (started_at);
`;

// One `clopus serve` per database: the row naming the process that holds it, renewed by its heartbeat (lease.ts).
export const V5 = `
CREATE TABLE lease (
  name TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
) STRICT;
`;

// The safety envelope's verdict per action (change class and the fields it changes), kept with the proposal so a
// policy decides on what was checked and apply can tell when the class has changed since.
export const V6 = `
ALTER TABLE proposals ADD COLUMN classes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(classes));
`;

// Work in flight, typed (advance.ts writes it with the move that starts the work and clears it with the move that
// ends it): the process that moved the incident into `approved` or `applying` and when, and in `applied` the time
// the fix landed, from which the verification window runs. Columns on incidents rather than a table of their own:
// the guarded UPDATE that moves the state sets them in the same statement, and every reader already has the row.
// Until now these lived only in the free-form audit detail; an incident that is mid-apply or verifying when the file
// is upgraded gets them here, read once from the detail of its last move into its current state (a detail that is
// not JSON, or whose fields have another type, gives no owner, and the move's own time for the window).
export const V7 = `
ALTER TABLE incidents ADD COLUMN apply_owner_host TEXT;
ALTER TABLE incidents ADD COLUMN apply_owner_pid INTEGER;
ALTER TABLE incidents ADD COLUMN apply_owner_since TEXT;
ALTER TABLE incidents ADD COLUMN verify_since TEXT;
UPDATE incidents SET
  apply_owner_host = CASE WHEN json_valid(m.detail) THEN
    CASE WHEN json_type(m.detail, '$.process.host') = 'text' AND json_type(m.detail, '$.process.pid') = 'integer'
      THEN json_extract(m.detail, '$.process.host') END END,
  apply_owner_pid = CASE WHEN json_valid(m.detail) THEN
    CASE WHEN json_type(m.detail, '$.process.host') = 'text' AND json_type(m.detail, '$.process.pid') = 'integer'
      THEN json_extract(m.detail, '$.process.pid') END END,
  apply_owner_since = m.at
FROM (SELECT incident_id, to_state, at, detail FROM audit WHERE id IN (
  SELECT max(id) FROM audit WHERE to_state IN ('approved', 'applying') GROUP BY incident_id, to_state)) AS m
WHERE incidents.state IN ('approved', 'applying') AND m.incident_id = incidents.id AND m.to_state = incidents.state;
UPDATE incidents SET
  verify_since = coalesce(
    CASE WHEN json_valid(m.detail) THEN
      CASE WHEN json_type(m.detail, '$.since') = 'text' THEN nullif(json_extract(m.detail, '$.since'), '') END END,
    m.at)
FROM (SELECT incident_id, at, detail FROM audit WHERE id IN (
  SELECT max(id) FROM audit WHERE to_state = 'applied' GROUP BY incident_id)) AS m
WHERE incidents.state = 'applied' AND m.incident_id = incidents.id;
`;

// V8: GitOps pull requests. One row per proposal delivered as a PR (or as a pushed branch with a link, on a host
// with no API): where it lives, how far it got (open → merged → synced, or closed), and the ETag of the last poll,
// so that an unchanged PR costs no rate limit. Who merged or closed it is kept for the audit and the dashboard.
// A proposal planned in a clone records how it is delivered (repository, base, path, the commit it was planned
// at, the manager) in `delivery`; NULL is a live fix. The incident keeps who manages its workload (`manager`, as
// the planner found it), shown on every face.
export const V8 = `
CREATE TABLE pull_requests (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposals(id),
  repo_url TEXT NOT NULL,
  forge TEXT NOT NULL,
  number INTEGER,
  url TEXT NOT NULL,
  branch TEXT NOT NULL,
  base TEXT NOT NULL,
  head_sha TEXT NOT NULL,
  state TEXT NOT NULL,
  merge_sha TEXT,
  merged_by TEXT,
  closed_by TEXT,
  etag TEXT,
  synced_revision TEXT,
  live_patch INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  merged_at TEXT
);
CREATE INDEX pull_requests_incident ON pull_requests (incident_id);
CREATE INDEX pull_requests_state ON pull_requests (state);
ALTER TABLE incidents ADD COLUMN manager TEXT CHECK (manager IS NULL OR json_valid(manager));
ALTER TABLE proposals ADD COLUMN delivery TEXT CHECK (delivery IS NULL OR json_valid(delivery));
`;

// V9: a reviewer's "Request changes" and questions asked in the thread. One `revisions` row per request, numbered
// per incident (the limit counts them), naming the proposal it superseded, the diagnosis that revises it and the
// proposal that came out of that; one `answers` row per question, with its outcome and what the model run cost.
// Each diagnosis keeps its Claude session, so a revision or an answer can resume the conversation that diagnosed.
// Unlike older enumerated columns, answers.status is CHECKed: a new table, and its three outcomes are the whole set.
export const V9 = `
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  number INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  request TEXT NOT NULL,
  via TEXT NOT NULL,
  created_at TEXT NOT NULL,
  diagnosis_id INTEGER REFERENCES diagnoses (id),
  proposal_after_id INTEGER REFERENCES proposals (id),
  UNIQUE (incident_id, number)
) STRICT;
CREATE TABLE answers (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  asked_by TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT,
  status TEXT NOT NULL CHECK (status IN ('answered', 'failed', 'refused')),
  reason TEXT,
  session_id TEXT,
  model TEXT,
  turns INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX answers_incident ON answers (incident_id);
CREATE INDEX answers_asker ON answers (asked_by, created_at);
-- A mention in a thread finds its incident by the thread's parent message (incidentBySlackMessage), once per mention.
CREATE INDEX incidents_slack_message ON incidents (slack_ts, slack_channel) WHERE slack_ts IS NOT NULL;
ALTER TABLE diagnoses ADD COLUMN session_id TEXT;
ALTER TABLE diagnoses ADD COLUMN revision_id INTEGER REFERENCES revisions (id);
`;
