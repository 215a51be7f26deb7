// The one diagnosis run both runners share: `clopus diagnose` calls it in a Job, the in-process runner calls it
// directly. It turns an input file's contents into the Claude planner's input, and its outcome into a result line.

import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type {
  ClaudeCredentials,
  ClaudePlannerInput,
  ClaudePlannerResult,
  PlannerKube,
  Proposal,
  RevisionContext,
} from '../planner/index.js';
import { noUsage, runClaudePlanner } from '../planner/index.js';
import { type MaterialisedRepo, materialiseSnapshot } from './repo-materialise.js';
import { DiagnosisInput, type DiagnosisResult, RESULT_MARKER } from './schema.js';

export interface RunDeps {
  /** The cluster as the run sees it: the bot's client in process, the diagnoser's service account in a Job. */
  kube: PlannerKube;
  credentials: ClaudeCredentials;
  logger: Logger;
  signal?: AbortSignal;
  /** Further proposal checks the model hears about (the bot's dry run); absent in a Job, which may not write. */
  validate?: (proposal: Proposal) => Promise<string[]>;
  /** false in a Job: the diagnoser may not exec, so the tools that look inside containers are not offered. */
  containerTools?: boolean;
  /** The planner; runClaudePlanner unless replaced (tests). */
  plan?: (input: ClaudePlannerInput) => Promise<ClaudePlannerResult>;
  /** The clone of the manifests repository, in process; a Job lays out the input's snapshot instead. */
  repo?: ClaudePlannerInput['repo'];
  /** Where the Claude session is kept so it can be resumed; in process only (a Job's HOME dies with its pod). */
  session?: ClaudePlannerInput['session'];
}

/**
 * The input file a diagnosis of `input` reads: the incident, its redacted evidence, the scope, model and limits,
 * and the reviewer's request when it revises a proposal.
 */
export function diagnosisInput(
  input: Pick<ClaudePlannerInput, 'incident' | 'evidence' | 'scope' | 'model' | 'limits' | 'revision'>,
): DiagnosisInput {
  const { id, namespace, workloadKind, workloadName, container, reason, message, pods } = input.incident;
  // Parsed, not just built, so the in-process run reads exactly what a Job would read from its file.
  return DiagnosisInput.parse({
    version: 1,
    incident: {
      id,
      namespace,
      workloadKind,
      workloadName,
      container,
      reason,
      message,
      pods: pods.map((p) => ({ name: p.name })),
    },
    evidence: input.evidence,
    ...(input.scope ? { scope: input.scope } : {}),
    planner: { ...(input.model ? { model: input.model } : {}), limits: input.limits },
    ...(input.revision ? { revision: input.revision } : {}),
  });
}

/** The revision as the planner reads it; the schema leaves the superseded proposal's parts as they were stored. */
const revisionOf = (r: NonNullable<DiagnosisInput['revision']>): RevisionContext => ({
  number: r.number,
  request: r.request,
  requestedBy: r.requestedBy,
  previous: { summary: r.previous.summary, actions: r.previous.actions, diff: r.previous.diff },
  refusals: r.refusals,
});

/** A failure as a planner result, for runs that end before or around the planner (bad input, a failed Job). */
export function failed(reason: string, durationMs = 0): ClaudePlannerResult {
  return { outcome: 'failed', reason, usage: noUsage(durationMs) };
}

export function resultLine(result: ClaudePlannerResult): DiagnosisResult {
  switch (result.outcome) {
    case 'proposed':
      return { [RESULT_MARKER]: 1, outcome: 'proposed', proposal: result.proposal, usage: result.usage };
    case 'no_fix':
      return { [RESULT_MARKER]: 1, outcome: 'no_fix', explanation: result.explanation, usage: result.usage };
    case 'failed':
      return { [RESULT_MARKER]: 1, outcome: 'failed', reason: result.reason, usage: result.usage };
  }
}

export function plannerResult(line: DiagnosisResult): ClaudePlannerResult {
  switch (line.outcome) {
    case 'proposed':
      return { outcome: 'proposed', proposal: line.proposal, usage: line.usage };
    case 'no_fix':
      return { outcome: 'no_fix', explanation: line.explanation, usage: line.usage };
    case 'failed':
      return { outcome: 'failed', reason: line.reason, usage: line.usage };
  }
}

/**
 * Runs the Claude planner on one input. Never throws for a planner failure: that is a `failed` outcome. In a Job,
 * the input's repository snapshot is laid out in a temporary work tree for the repository tools, and removed after.
 */
export async function runDiagnosis(input: DiagnosisInput, deps: RunDeps): Promise<ClaudePlannerResult> {
  if (deps.repo || !input.repo)
    return planOnce(input, deps, input.scope, deps.repo ? undefined : input.repoUnavailable);
  let local: MaterialisedRepo;
  try {
    local = await materialiseSnapshot(input.repo);
  } catch (err) {
    deps.logger.error({ err, incidentId: input.incident.id }, 'cannot lay out the repository snapshot');
    return planOnce(input, deps, input.scope, `its snapshot could not be laid out (${describeError(err)})`);
  }
  deps.logger.info({ incidentId: input.incident.id, files: input.repo.files.length }, 'repository snapshot laid out');
  try {
    // The edit checks of propose_fix read the source path, headSha and blobs from the scope, as in process.
    const { sourcePath, headSha } = input.repo;
    const scope = input.scope ? { ...input.scope, repo: { sourcePath, headSha, blobs: local.blobs } } : undefined;
    return await planOnce(input, { ...deps, repo: local.view }, scope);
  } finally {
    await local.cleanup();
  }
}

async function planOnce(
  input: DiagnosisInput,
  deps: RunDeps,
  scope: ClaudePlannerInput['scope'] = input.scope,
  repoUnavailable?: string,
): Promise<ClaudePlannerResult> {
  const plan = deps.plan ?? runClaudePlanner;
  return plan({
    incident: input.incident,
    evidence: input.evidence,
    kube: deps.kube,
    limits: input.planner.limits,
    ...(input.planner.model ? { model: input.planner.model } : {}),
    env: deps.credentials,
    logger: deps.logger,
    ...(scope ? { scope } : {}),
    ...(deps.signal ? { abortSignal: deps.signal } : {}),
    ...(deps.validate ? { validate: deps.validate } : {}),
    ...(deps.containerTools === false ? { containerTools: false } : {}),
    ...(deps.repo ? { repo: deps.repo } : {}),
    ...(repoUnavailable ? { repoUnavailable } : {}),
    ...(input.revision ? { revision: revisionOf(input.revision) } : {}),
    ...(deps.session ? { session: deps.session } : {}),
  });
}
