// Moving an incident one step: a guarded update and its audit row, committed together or not at all.
import type { IncidentState } from '../core/index.js';
import { ClopusError } from '../errors.js';
import { insertAudit } from './audit.js';
import { isUniqueViolation } from './connection.js';
import type { StoreContext } from './context.js';
import { StateRow } from './schema.js';
import { canTransition, isLive } from './transitions.js';
import type { TransitionMeta, WorkOwner } from './types.js';

/** States whose work belongs to a process: the one that moved the incident there. */
const OWNED_STATES: readonly IncidentState[] = ['approved', 'applying'];

/** The owner a move into `approved`/`applying` stores: the caller's `meta.owner`. Nothing reads an owner from audit. */
function ownerOf(meta: TransitionMeta): WorkOwner | undefined {
  return meta.owner ? { host: meta.owner.host, pid: meta.owner.pid } : undefined;
}

/**
 * The in-flight columns after a move into `to` at `at`: the owner and its time in `approved`/`applying`, the start
 * of the verification window in `applied`, and nothing in any other state (the move that ends the work clears them).
 */
function inFlightColumns(to: IncidentState, meta: TransitionMeta, at: string) {
  const owned = OWNED_STATES.includes(to);
  const owner = owned ? ownerOf(meta) : undefined;
  return {
    ownerHost: owner?.host ?? null,
    ownerPid: owner?.pid ?? null,
    ownerSince: owned ? at : null,
    verifySince: to === 'applied' ? (meta.verifySince ?? at) : null,
  };
}

function refuse(from: readonly IncidentState[], to: IncidentState): void {
  if (from.length === 0) throw new ClopusError('TRANSITION_REFUSED', `A move to ${to} needs at least one from-state.`);
  for (const state of from) {
    if (!canTransition(state, to)) {
      throw new ClopusError('TRANSITION_REFUSED', `An incident cannot move from ${state} to ${to}.`);
    }
  }
}

/**
 * Moves incident `id` to `to` if it is still in one of `from`. Returns false, writing nothing, when it is not:
 * another replica, a double click or a Slack retry got there first. Throws TRANSITION_REFUSED for a move the
 * table does not allow, whatever the current state.
 */
export function advance(
  ctx: StoreContext,
  id: number,
  from: IncidentState | readonly IncidentState[],
  to: IncidentState,
  meta: TransitionMeta,
): boolean {
  const froms: readonly IncidentState[] = typeof from === 'string' ? [from] : from;
  refuse(froms, to);
  try {
    return ctx.write(() => {
      const row = ctx.sql.stateOf.get(id);
      if (row === undefined) throw new ClopusError('NOT_FOUND', `Incident ${id} does not exist.`);
      const current = StateRow.parse(row).state;
      const at = ctx.now();
      const moved =
        ctx.sql.transition.run({ id, from: JSON.stringify(froms), to, at, ...inFlightColumns(to, meta, at) })
          .changes === 1;
      if (!moved) {
        ctx.logger.debug({ incidentId: id, state: current, from: froms, to }, 'transition lost the race');
        return false;
      }
      const { actor, action = to, detail } = meta;
      insertAudit(ctx, { incidentId: id, at, actor, fromState: current, toState: to, action, detail });
      return true;
    });
  } catch (err) {
    // Reopening while a newer live incident holds the fingerprint: the newer one wins, as in createIncident.
    if (isLive(to) && isUniqueViolation(err)) {
      ctx.logger.debug({ incidentId: id, to }, 'transition refused: fingerprint already live');
      return false;
    }
    throw err;
  }
}
