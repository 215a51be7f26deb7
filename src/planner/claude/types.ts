// What the Claude planner is given and what it hands back.

import type { Evidence } from '../../core/index.js';
import type { RepoView } from '../../gitops/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import type { DiagnosisUsage, Incident } from '../../store/index.js';
import type { ProposalScope } from '../proposal/check.js';
import type { Proposal } from '../proposal/schema.js';

/** The parts of a stored incident the planner reads; a store `Incident` satisfies it. */
export interface PlannerIncident
  extends Pick<Incident, 'id' | 'namespace' | 'workloadKind' | 'workloadName' | 'container' | 'reason' | 'message'> {
  pods: ReadonlyArray<{ name: string }>;
}

/** The only cluster calls the investigation tools make: all reads, plus exec of allow-listed argv. */
export type PlannerKube = Pick<KubeClient, 'getPod' | 'getWorkload' | 'podWarningEvents' | 'readLog' | 'exec'>;

export interface ClaudeLimits {
  /** Wall time for the whole run, enforced from outside the child process. */
  timeoutMs: number;
  maxTurns: number;
  maxBudgetUsd: number;
  /** CLAUDE_CODE_MAX_RETRIES; Claude Code retries 10 times with backoff when unset. */
  maxRetries?: number;
  /** API_TIMEOUT_MS: per request. */
  apiTimeoutMs?: number;
  /** Enables Claude Code's byte watchdog: a stream silent this long (≥ 10000 ms) is abandoned. */
  streamIdleTimeoutMs?: number;
}

export interface ClaudeCredentials {
  /**
   * Variables passed to Claude Code as they are: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, or a provider's
   * own (CLAUDE_CODE_USE_BEDROCK, AWS_REGION, CLAUDE_CODE_USE_VERTEX, …). Nothing else of our
   * environment reaches the child: it never sees the Slack tokens.
   */
  vars: Record<string, string | undefined>;
  /** A mounted Claude Code credentials file, copied into the run's temporary HOME as .claude/.credentials.json. */
  credentialsFile?: string;
}

export interface ClaudePlannerInput {
  incident: PlannerIncident;
  evidence: readonly Evidence[];
  kube: PlannerKube;
  limits: ClaudeLimits;
  model?: string;
  env: ClaudeCredentials;
  logger: Logger;
  abortSignal?: AbortSignal;
  /**
   * When the wall-time limit starts counting: at the call when omitted, as in the bot. Tests start it at the run's
   * first API request, so that a slow start of Claude Code on a loaded machine does not use up a short limit.
   */
  deadlineFrom?: Promise<unknown>;
  /** The proposal's bounds when the caller has read them already; otherwise read from the workload. */
  scope?: ProposalScope;
  /**
   * false: no tool that looks inside a container (read_file, list_dir, run_readonly_command), and the prompt says
   * so. Diagnosis Jobs run so: their service account is never granted pods/exec.
   */
  containerTools?: boolean;
  /**
   * Checks after the code-level ones, e.g. the server-side dry run of a patch. Non-empty reasons refuse the
   * proposal, and the model is told them so that it can correct itself.
   */
  validate?: (proposal: Proposal) => Promise<string[]>;
  /**
   * A clone of the GitOps repository the workload is deployed from: the run then offers read-only repository
   * tools, and the prompt says that the fix must be an edit of the repository files (edit_repo_file).
   */
  repo?: RepoView;
}

export type PlannerUsage = DiagnosisUsage;

export type PlannerOutcome =
  | { outcome: 'proposed'; proposal: Proposal }
  | { outcome: 'no_fix'; explanation: string }
  | { outcome: 'failed'; reason: string };

export type ClaudePlannerResult = PlannerOutcome & { usage: PlannerUsage };
