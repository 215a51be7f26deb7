// The policy: who may approve what (users and user groups, global or per namespace), which namespaces auto-approve
// which action kinds under an hourly limit, and the pause switch that stops auto-approve.
export {
  type ApproverCheck,
  allApprovers,
  approversFor,
  authorizeAmong,
  authorizeDecision,
  authorizePause,
} from './approvers.js';
export { type AutoApproveDeps, type AutoApproveOutcome, autoApprove, policyActor, trustFor } from './auto-approve.js';
export { type EffectivePolicy, effectivePolicy } from './effective.js';
export { matchesNamespace } from './globs.js';
export { MembershipCache, type MembershipCacheOptions } from './membership.js';
export { PAUSE_KEY, type PauseState, pauseState, setPaused } from './pause.js';
export type { Authorization, GroupMembers, PolicyConfig, TrustedClass, TrustedRule, TrustVerdict } from './types.js';
