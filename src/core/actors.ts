// Who the audit trail names when Clopus itself acts.

/** The fixer: diagnoses, expiries, verification and rollbacks it performs on its own. */
export const FIXER_ACTOR = 'fixer';
