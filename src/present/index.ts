// How stored facts read to a person, in one place for every face (the CLI and the dashboard): audit details as
// short facts, state and action labels, times, and text with terminal escapes and control characters removed.
export { auditFacts, factLines } from './audit.js';
export { REVISION_CHANGE_LINES, revisionChanges } from './revision-changes.js';
export { clip, sanitize, sanitizeBlock } from './sanitize.js';
export { actionLabel, moveNote, stateLabel } from './states.js';
export { ago, at, isIsoTime, when } from './time.js';
