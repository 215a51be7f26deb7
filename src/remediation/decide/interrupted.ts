// After a restart: an incident left in `applying` (or `approved`, between the decision and the first change) by a
// process that is gone is never silently resumed. It is marked failed (or expired) with the reason, so a person
// looks at the recorded actions and decides.

import type { IncidentState } from '../../core/index.js';
import { FIXER_ACTOR } from '../../core/index.js';
import { type Incident, MAX_PAGE_SIZE, type Store } from '../../store/index.js';
import { ownerGone, workingHere } from './in-flight.js';
import { applyOwnerOf } from './incident-view.js';
import type { DecideDeps } from './types.js';

/** How long another host's apply may take before it counts as abandoned (ten exec actions at their time limit). */
export const APPLY_STALL_MS = 15 * 60_000;

export const INTERRUPTED_APPLY = 'interrupted: the bot stopped during apply; check the actions recorded';
export const INTERRUPTED_APPROVAL =
  'interrupted: the bot stopped after the approval, before applying; nothing was changed';

function incidentsIn(store: Store, state: IncidentState): Incident[] {
  const all: Incident[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = store.listIncidents({ state, limit: MAX_PAGE_SIZE, offset, order: 'created_asc' });
    all.push(...page.items);
    if (all.length >= page.total || page.items.length === 0) return all;
  }
}

/** Marks abandoned applies `apply_failed` and abandoned approvals `expired`; returns how many it moved. */
export function recoverInterrupted(deps: DecideDeps): number {
  const { store, logger } = deps;
  const nowMs = (deps.now ?? (() => new Date()))().getTime();
  let moved = 0;
  for (const state of ['applying', 'approved'] as const) {
    for (const incident of incidentsIn(store, state)) {
      if (workingHere(store, incident.id)) continue;
      // The owner and its time are the typed columns the move wrote; an incident that left `state` since it was
      // listed is no longer this pass's to recover.
      const work = applyOwnerOf(store, incident, state);
      if (!work || !ownerGone(work.owner, work.since, nowMs, APPLY_STALL_MS)) continue;
      const proposalId = store.latestProposal(incident.id)?.id;
      if (state === 'applying') {
        const recorded = proposalId === undefined ? 0 : store.listAppliedActions(proposalId).length;
        const detail = { proposalId, reason: INTERRUPTED_APPLY, actionsRecorded: recorded };
        if (
          !store.transition(incident.id, 'applying', 'apply_failed', {
            actor: FIXER_ACTOR,
            action: 'interrupted',
            detail,
          })
        )
          continue;
        if (proposalId !== undefined) store.setProposalStatus(proposalId, 'approved', 'apply_failed');
      } else {
        const detail = { proposalId, reason: INTERRUPTED_APPROVAL };
        if (
          !store.transition(incident.id, 'approved', 'expired', { actor: FIXER_ACTOR, action: 'interrupted', detail })
        )
          continue;
        if (proposalId !== undefined) store.setProposalStatus(proposalId, 'approved', 'expired');
      }
      logger.warn(
        { incidentId: incident.id, state, owner: work.owner },
        'work left by a stopped bot marked interrupted',
      );
      moved++;
    }
  }
  return moved;
}

/** Applied incidents, for the verifier's sweep. */
export function appliedIncidents(store: Store): Incident[] {
  return incidentsIn(store, 'applied');
}
