// The policy: who may approve what (users and user groups, global or per namespace), which namespaces auto-approve
// which action kinds under an hourly limit, and the pause switch that stops auto-approve.
export { allApprovers, approversFor, authorizeAmong, authorizeDecision, authorizePause, type ApproverCheck } from './approvers.js';
export { MembershipCache, type MembershipCacheOptions } from './membership.js';
export { autoApprove, policyActor, trustFor, type AutoApproveDeps, type AutoApproveOutcome } from './auto-approve.js';
export { PAUSE_KEY, pauseState, setPaused, type PauseState } from './pause.js';
export { effectivePolicy, type EffectivePolicy } from './effective.js';
export { matchesNamespace } from './globs.js';
export type { TrustedClass, Authorization, GroupMembers, PolicyConfig, TrustVerdict, TrustedRule } from './types.js';
