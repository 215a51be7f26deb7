// What diagnosing an incident needs, and how it ended.
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import type { PlannerName, Store } from '../../store/index.js';
import type { ClaudeLimits, ClaudePlannerInput, ClaudePlannerResult } from '../claude/types.js';
import type { ModelAccess } from '../credentials.js';
import type { DiffCaps } from '../diff/types.js';
import type { FixerKube } from '../kube.js';

export interface DiagnoseDeps {
  store: Store;
  kube: FixerKube;
  config: Config['fixer'];
  /** Model credentials (see modelAccess); without them only the runbooks run. */
  access?: ModelAccess | undefined;
  logger: Logger;
  now?: () => Date;
  /** The Claude planner; runClaudePlanner unless replaced. */
  planClaude?: (input: ClaudePlannerInput) => Promise<ClaudePlannerResult>;
  /** Laid over the limits from config, e.g. per-request timeouts in tests. */
  limits?: Partial<ClaudeLimits>;
  diffCaps?: Partial<DiffCaps>;
}

export type DiagnoseOutcome =
  /** Nothing ran: not in a state to diagnose, the back-off has not passed, or another worker got there first. */
  | { outcome: 'skipped'; reason: string; retryAt?: string }
  | { outcome: 'proposed'; diagnosisId: number; proposalId: number; planner: PlannerName }
  | { outcome: 'no_fix'; diagnosisId: number; planner: PlannerName; explanation: string }
  /** `retryAt` is when an automatic retry becomes due; absent when the attempts are spent. */
  | { outcome: 'failed'; diagnosisId?: number; planner?: PlannerName; reason: string; retryAt?: string };
