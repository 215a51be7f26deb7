// The incident vocabulary every layer shares: reasons, evidence, workload references, states, the Pod shape, and pure helpers.
// It imports nothing of Clopus but errors.ts.

export { FIXER_ACTOR } from './actors.js';
export type { Evidence, Finding } from './evidence.js';
export { EvidenceSchema } from './evidence.js';
export { MANAGER_KINDS, type ManagerKind, WorkloadManager } from './manager.js';
export {
  type ContainerState,
  type ContainerStatus,
  type Pod,
  type PodEvent,
  parsePod,
  parsePodEvents,
  parsePodList,
  type Terminated,
} from './pod.js';
export { REASONS, type Reason } from './reasons.js';
export { CLOSED_STATES, type IncidentState, OPEN_STATES, STATES } from './states.js';
export { fingerprint, inferWorkload, ownerOf, type WorkloadKind, type WorkloadRef, workloadLabel } from './workload.js';
