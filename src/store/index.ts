// The store keeps incidents, their pods, evidence and audit trail in SQLite and is the only module that writes SQL.
export { openStore, type StoreOptions } from './open-store.js';
export { SCHEMA_VERSION } from './migrations.js';
export { TRANSITIONS, allTransitions, canTransition, isLive } from './transitions.js';
export { MAX_PAGE_SIZE } from './list.js';
export { CLOSED_STATES, OPEN_STATES, STATES } from './types.js';
export type {
  AuditDetail,
  AuditEntry,
  Incident,
  IncidentOrder,
  IncidentPage,
  IncidentPod,
  IncidentQuery,
  IncidentState,
  NewIncident,
  Observation,
  PodChange,
  Store,
  StoredEvidence,
  TransitionMeta,
} from './types.js';
