import type { PlanDeps } from '../../planner/index.js';
import type { PlannerName } from '../../store/index.js';
import type { DiagnosisGitOps } from './gitops.js';

/**
 * What a diagnosis needs: the planner's dependencies (store, cluster reads, fixer config, model access), and, for
 * GitOps-managed workloads, where the manifests repositories are (without it every fix is live). With
 * `sessionsDir` (fixer.sessionsDir, defaulted by the app) each Claude run keeps its session in
 * `<sessionsDir>/incident-<id>`, so a question in the thread can resume it; without it nothing is kept.
 */
export type DiagnoseDeps = PlanDeps & { gitops?: DiagnosisGitOps; sessionsDir?: string };

export type DiagnoseOutcome =
  /** Nothing ran: not in a state to diagnose, the back-off has not passed, or another worker got there first. */
  | { outcome: 'skipped'; reason: string; retryAt?: string }
  | { outcome: 'proposed'; diagnosisId: number; proposalId: number; planner: PlannerName }
  | { outcome: 'no_fix'; diagnosisId: number; planner: PlannerName; explanation: string }
  /** `retryAt` is when an automatic retry becomes due; absent when the attempts are spent. */
  | { outcome: 'failed'; diagnosisId?: number; planner?: PlannerName; reason: string; retryAt?: string };
