// The states an incident moves through (store/transitions.ts says which moves are allowed).

export const STATES = [
  'open',
  'diagnosing',
  'proposed',
  // "Request changes" on a proposal: it is superseded and a revised one is being diagnosed.
  'revising',
  'no_fix',
  'diagnosis_failed',
  'approved',
  'rejected',
  'expired',
  'applying',
  'pr_open',
  'syncing',
  'applied',
  'apply_failed',
  'verified',
  'regressed',
  'rolled_back',
  'resolved',
] as const;

export type IncidentState = (typeof STATES)[number];

/**
 * States an incident never leaves on its own: a recurrence after them is a new incident (or, from `resolved`
 * within the cool-down, a reopen). `verified` is here because nothing moves a verified incident any further,
 * so keeping it live would make its fingerprint unusable forever. Mirrors the partial unique index in migrations.ts.
 */
export const CLOSED_STATES = ['resolved', 'verified', 'rolled_back'] as const satisfies readonly IncidentState[];

/** States in which the detector still considers the incident live (updates it rather than creating a new one). */
export const OPEN_STATES: readonly IncidentState[] = STATES.filter(
  (s) => !(CLOSED_STATES as readonly IncidentState[]).includes(s),
);
