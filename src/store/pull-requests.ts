// GitOps pull requests: one row per proposal delivered through the manifests repository.
import { z } from 'zod';
import type { StoreContext } from './context.js';

export const PULL_REQUEST_STATES = ['open', 'merged', 'closed'] as const;
export type PullRequestState = (typeof PULL_REQUEST_STATES)[number];

export const PullRequestRow = z
  .object({
    id: z.number().int(),
    incident_id: z.number().int(),
    proposal_id: z.number().int(),
    repo_url: z.string(),
    forge: z.enum(['github', 'none']),
    number: z.number().int().nullable(),
    url: z.string(),
    branch: z.string(),
    base: z.string(),
    head_sha: z.string(),
    state: z.enum(PULL_REQUEST_STATES),
    merge_sha: z.string().nullable(),
    merged_by: z.string().nullable(),
    closed_by: z.string().nullable(),
    etag: z.string().nullable(),
    synced_revision: z.string().nullable(),
    live_patch: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
    merged_at: z.string().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    incidentId: r.incident_id,
    proposalId: r.proposal_id,
    repoUrl: r.repo_url,
    forge: r.forge,
    number: r.number,
    url: r.url,
    branch: r.branch,
    base: r.base,
    headSha: r.head_sha,
    state: r.state,
    mergeSha: r.merge_sha,
    mergedBy: r.merged_by,
    closedBy: r.closed_by,
    etag: r.etag,
    syncedRevision: r.synced_revision,
    /** The fix was also patched live ("live patch now + PR"); the PR makes it last. */
    livePatch: r.live_patch === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    mergedAt: r.merged_at,
  }));
export type PullRequestRecord = z.output<typeof PullRequestRow>;

export interface NewPullRequest {
  incidentId: number;
  proposalId: number;
  repoUrl: string;
  forge: 'github' | 'none';
  number: number | null;
  url: string;
  branch: string;
  base: string;
  headSha: string;
  livePatch?: boolean;
}

/** What a poll learned; only the fields given change. */
export interface PullRequestUpdate {
  state?: PullRequestState;
  mergeSha?: string;
  mergedBy?: string;
  closedBy?: string;
  etag?: string;
  syncedRevision?: string;
}

const SQL = {
  insert: `
    INSERT INTO pull_requests (incident_id, proposal_id, repo_url, forge, number, url, branch, base, head_sha, state,
      live_patch, created_at, updated_at)
    VALUES (@incidentId, @proposalId, @repoUrl, @forge, @number, @url, @branch, @base, @headSha, 'open', @livePatch,
      @at, @at)
    ON CONFLICT (proposal_id) DO UPDATE SET updated_at = pull_requests.updated_at
    RETURNING *`,
  ofIncident: `SELECT * FROM pull_requests WHERE incident_id = ? ORDER BY id DESC LIMIT 1`,
  ofIncidentAll: `SELECT * FROM pull_requests WHERE incident_id = ? ORDER BY id`,
  inState: `SELECT * FROM pull_requests WHERE state = ? ORDER BY id`,
  update: `
    UPDATE pull_requests SET
      state = coalesce(@state, state), merge_sha = coalesce(@mergeSha, merge_sha),
      merged_by = coalesce(@mergedBy, merged_by), closed_by = coalesce(@closedBy, closed_by),
      etag = coalesce(@etag, etag), synced_revision = coalesce(@syncedRevision, synced_revision),
      merged_at = CASE WHEN @state = 'merged' AND merged_at IS NULL THEN @at ELSE merged_at END,
      updated_at = @at
    WHERE id = @id
    RETURNING *`,
} as const;

/** Records a PR; a second record for the same proposal returns the first. */
export function recordPullRequest(ctx: StoreContext, input: NewPullRequest): PullRequestRecord {
  return ctx.write(() =>
    PullRequestRow.parse(ctx.prepared(SQL.insert).get({ ...input, livePatch: input.livePatch ? 1 : 0, at: ctx.now() })),
  );
}

export function updatePullRequest(
  ctx: StoreContext,
  id: number,
  update: PullRequestUpdate,
): PullRequestRecord | undefined {
  return ctx.write(() => {
    const row = ctx.prepared(SQL.update).get({
      id,
      state: update.state ?? null,
      mergeSha: update.mergeSha ?? null,
      mergedBy: update.mergedBy ?? null,
      closedBy: update.closedBy ?? null,
      etag: update.etag ?? null,
      syncedRevision: update.syncedRevision ?? null,
      at: ctx.now(),
    });
    return row === undefined ? undefined : PullRequestRow.parse(row);
  });
}

export function latestPullRequest(ctx: StoreContext, incidentId: number): PullRequestRecord | undefined {
  const row = ctx.prepared(SQL.ofIncident).get(incidentId);
  return row === undefined ? undefined : PullRequestRow.parse(row);
}

export function pullRequestsOf(ctx: StoreContext, incidentId: number): PullRequestRecord[] {
  return ctx
    .prepared(SQL.ofIncidentAll)
    .all(incidentId)
    .map((r) => PullRequestRow.parse(r));
}

export function pullRequestsIn(ctx: StoreContext, state: PullRequestState): PullRequestRecord[] {
  return ctx
    .prepared(SQL.inState)
    .all(state)
    .map((r) => PullRequestRow.parse(r));
}
