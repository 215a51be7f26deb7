// What applying a proposal did, action by action, with what was there before: the record rollback works from.
import { ClopusError } from '../errors.js';
import type { StoreContext } from './context.js';
import { AppliedActionRow } from './fix-schema.js';
import type { AppliedAction, AppliedActionUpdate, NewAppliedAction } from './fix-types.js';

const SQL = {
  insert: `
    INSERT INTO applied_actions (proposal_id, seq, kind, target, before, after, status, detail, at)
    VALUES (@proposalId, @seq, @kind, @target, @before, @after, @status, @detail, @at)
    ON CONFLICT (proposal_id, seq) DO UPDATE SET
      before = coalesce(applied_actions.before, excluded.before), after = excluded.after, status = excluded.status,
      detail = excluded.detail, at = excluded.at
      WHERE applied_actions.status = 'started' AND excluded.status <> 'started'
    RETURNING *`,
  one: `SELECT * FROM applied_actions WHERE proposal_id = ? AND seq = ?`,
  ofProposal: `SELECT * FROM applied_actions WHERE proposal_id = ? ORDER BY seq`,
  update: `
    UPDATE applied_actions SET status = @status, at = @at,
      after = CASE WHEN @setAfter THEN @after ELSE after END,
      detail = CASE WHEN @setDetail THEN @detail ELSE detail END
    WHERE proposal_id = @proposalId AND seq = @seq
      AND (@from IS NULL OR status IN (SELECT value FROM json_each(@from)))`,
} as const;

/** JSON text for a column; undefined and null are both SQL NULL. */
const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Records one action. A second record for the same (proposal, seq) keeps the first, so `before` always holds
 * what was there before the first attempt, except that an outcome replaces a `started` row (the note written
 * before the action ran); `created` says whether this call wrote the row.
 */
export function recordAppliedAction(
  ctx: StoreContext,
  input: NewAppliedAction,
): { action: AppliedAction; created: boolean } {
  return ctx.write(() => {
    const row = ctx.prepared(SQL.insert).get({
      proposalId: input.proposalId,
      seq: input.seq,
      kind: input.kind,
      target: input.target,
      before: json(input.before),
      after: json(input.after),
      status: input.status,
      detail: input.detail ?? null,
      at: input.at ?? ctx.now(),
    });
    if (row !== undefined) return { action: AppliedActionRow.parse(row), created: true };
    const first = ctx.prepared(SQL.one).get(input.proposalId, input.seq);
    if (first === undefined)
      throw new ClopusError(
        'STORE_ERROR',
        `Applied action ${input.proposalId}/${input.seq} conflicted but does not exist.`,
      );
    return { action: AppliedActionRow.parse(first), created: false };
  });
}

/** Sets an action's status (and optionally `after` and `detail`); false when it does not exist or is not in `from`. */
export function updateAppliedAction(
  ctx: StoreContext,
  proposalId: number,
  seq: number,
  update: AppliedActionUpdate,
): boolean {
  const from =
    update.from === undefined ? null : JSON.stringify(typeof update.from === 'string' ? [update.from] : update.from);
  return (
    ctx.prepared(SQL.update).run({
      proposalId,
      seq,
      status: update.status,
      at: update.at ?? ctx.now(),
      setAfter: update.after === undefined ? 0 : 1,
      after: json(update.after),
      setDetail: update.detail === undefined ? 0 : 1,
      detail: update.detail ?? null,
      from,
    }).changes === 1
  );
}

export function listAppliedActions(ctx: StoreContext, proposalId: number): AppliedAction[] {
  return ctx
    .prepared(SQL.ofProposal)
    .all(proposalId)
    .map((row) => AppliedActionRow.parse(row));
}
