// The named lists the overview's cards link to (/incidents?list=…): which incidents each holds, as a store query.

import type { IncidentState } from '../core/index.js';
import type { IncidentQuery } from '../store/index.js';

/** A decision or a fix is on its way: the "In progress" card (proposed has its own card, "Waiting for a decision"). */
export const IN_PROGRESS_STATES = [
  'open',
  'diagnosing',
  'revising',
  'approved',
  'applying',
  'applied',
] as const satisfies readonly IncidentState[];

/**
 * Where Clopus stopped without fixing the workload: nobody approved, nothing safe was found, the fix failed or was
 * undone. Not `resolved` or `verified`, the two states that say the workload is healthy.
 */
export const STOPPED_STATES = [
  'rejected',
  'expired',
  'no_fix',
  'diagnosis_failed',
  'apply_failed',
  'regressed',
  'rolled_back',
] as const satisfies readonly IncidentState[];

/** A fix reached (or was meant to reach) the cluster. */
export const FIX_STATES = [
  'applied',
  'verified',
  'regressed',
  'apply_failed',
  'rolled_back',
] as const satisfies readonly IncidentState[];

/**
 * How recently the detector must have seen the reason for a stopped incident to count as still failing. The
 * detector refreshes a live incident's last-seen time while it sees the reason (every 30 s at most) and resolves
 * the resolvable ones once the reason is gone for its grace period; a rolled-back incident is closed, so its
 * last-seen time is when the failure was last seen before the rollback put back what failed.
 */
export const STILL_FAILING_HOURS = 24;

export const LIST_NAMES = ['in-progress', 'needs-look', 'fixes'] as const;
export type ListName = (typeof LIST_NAMES)[number];

type ListFilter = Pick<IncidentQuery, 'state' | 'lastSeenSince' | 'newestOfFingerprint'>;

export interface NamedList {
  title: string;
  /** One sentence on what is in it, shown above the list. */
  description: string;
  filter: (now: Date) => ListFilter;
}

export const NAMED_LISTS: Readonly<Record<ListName, NamedList>> = {
  'in-progress': {
    title: 'In progress',
    description: 'Open, being diagnosed or revised, approved, being applied, or applied and being verified.',
    filter: () => ({ state: IN_PROGRESS_STATES }),
  },
  'needs-look': {
    title: 'Needs a look',
    description: `Rejected, expired, rolled back or without a working fix, and seen failing in the last ${STILL_FAILING_HOURS} h: the workload is still broken and Clopus has stopped short of fixing it.`,
    filter: (now) => ({
      state: STOPPED_STATES,
      lastSeenSince: new Date(now.getTime() - STILL_FAILING_HOURS * 3600_000).toISOString(),
      // A later incident of the same workload and reason carries the story on (e.g. the failure came back after a rollback).
      newestOfFingerprint: true,
    }),
  },
  fixes: {
    title: 'Fixes applied',
    description:
      'Every incident a fix was applied to: being verified, verified, regressed, failed to apply, or rolled back.',
    filter: () => ({ state: FIX_STATES }),
  },
};

/** The store filter for a named list narrowed to one state: that state if the list holds it, else nothing. */
export function listFilter(name: ListName, state: IncidentState | undefined, now: Date): ListFilter {
  const filter = NAMED_LISTS[name].filter(now);
  if (state === undefined) return filter;
  const states =
    filter.state === undefined ? [state] : ([] as IncidentState[]).concat(filter.state).filter((s) => s === state);
  return { ...filter, state: states };
}
