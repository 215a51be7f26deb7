// The incident vocabulary every layer shares: reasons, evidence, workload references, states, the Pod shape, and pure helpers.
// It imports nothing of Clopus but errors.ts.
export { type WorkloadKind, type WorkloadRef, fingerprint, inferWorkload, workloadLabel, ownerOf } from './workload.js';
export { type IncidentState, CLOSED_STATES, STATES, OPEN_STATES } from './states.js';
export { type Reason, REASONS } from './reasons.js';
export type { Evidence, Finding } from './evidence.js';
export { type Pod, type PodEvent, type Terminated, type ContainerStatus, parsePod, parsePodList, type ContainerState, parsePodEvents } from './pod.js';
export { FIXER_ACTOR } from './actors.js';
