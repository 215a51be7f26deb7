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
  /**
   * Why a GitOps-managed workload's repository files are not in this run (a Job whose snapshot was over the cap):
   * the prompt says so, and that no edit_repo_file can be proposed.
   */
  repoUnavailable?: string;
  /** A reviewer asked for changes to the incident's last proposal: the prompt carries their words and that proposal. */
  revision?: RevisionContext;
  /**
   * A persistent directory used as the run's HOME, with the transcript kept (persistSession), so that a later run
   * can resume the session (runClaudeAnswer). Absent: a temporary HOME, removed afterwards, and nothing kept.
   */
  session?: { dir: string };
}

/** A reviewer's "Request changes" on a proposal, as the next diagnosis of the incident reads it. */
export interface RevisionContext {
  /** 1-based revision of this incident. */
  number: number;
  /** The reviewer's words, already redacted. */
  request: string;
  /** Who asked, e.g. "slack:U123". */
  requestedBy: string;
  /** The superseded proposal as stored. */
  previous: { summary: unknown; actions: unknown; diff: string };
  /** Why earlier proposals of this incident were refused (may be empty). */
  refusals: string[];
}

export type PlannerUsage = DiagnosisUsage;

export type PlannerOutcome =
  | { outcome: 'proposed'; proposal: Proposal }
  | { outcome: 'no_fix'; explanation: string }
  | { outcome: 'failed'; reason: string };

/** `sessionId`: the Claude Code session of a run with a `session` directory (from its stream), to resume later. */
export type ClaudePlannerResult = PlannerOutcome & { usage: PlannerUsage; sessionId?: string };

/**
 * A question asked about an incident in its Slack thread, answered by Claude Code with read-only tools: the run's
 * inputs as a diagnosis's (the scope and deadline the same), with the question instead of a proposal to make.
 */
export interface ClaudeAnswerInput
  extends Pick<
    ClaudePlannerInput,
    | 'incident'
    | 'evidence'
    | 'kube'
    | 'limits'
    | 'model'
    | 'env'
    | 'logger'
    | 'containerTools'
    | 'abortSignal'
    | 'deadlineFrom'
    | 'scope'
  > {
  /** The question, already redacted. */
  question: string;
  /** Who asked, e.g. "slack:U123". */
  askedBy: string;
  /** The run's HOME, persisted (the diagnosis's session directory when resuming). */
  session: { dir: string };
  /** The session to resume (the incident's diagnosis); a fresh run with the evidence when absent or not found. */
  resume?: string;
}

export type ClaudeAnswerResult = ({ outcome: 'answered'; text: string } | { outcome: 'failed'; reason: string }) & {
  usage: PlannerUsage;
  sessionId?: string;
};
