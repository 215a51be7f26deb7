// Choosing and running the planners for one diagnosis: runbooks first, then Claude when allowed and possible.
// Every proposal, whoever made it, is parsed, checked in code and dry-run before it counts.

import type { Config } from '../config/index.js';
import type { Evidence } from '../core/index.js';
import { describeError } from '../errors.js';
import { type RepoView, repoBlobs } from '../gitops/index.js';
import type { Logger } from '../logger.js';
import type { DiagnosisUsage, Incident, PlannerName, Store } from '../store/index.js';
import { noUsage, runClaudePlanner } from './claude/index.js';
import type { ClaudeLimits, ClaudePlannerInput, ClaudePlannerResult, RevisionContext } from './claude/types.js';
import type { ModelAccess } from './credentials.js';
import { claudeLimits } from './credentials.js';
import { isReadOnlyProblem, proposalDiff } from './diff/index.js';
import type { DiffCaps, ProposalDiff } from './diff/types.js';
import { type ClassifiedAction, checkEnvelope } from './envelope/index.js';
import type { FixerKube } from './kube.js';
import { checkProposal, type ProposalScope } from './proposal/check.js';
import { Proposal } from './proposal/schema.js';
import { type RunbookName, requestedMemory, runRunbooks, unreadableRevision } from './runbooks/index.js';

export interface PlanDeps {
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

/** `sessionId`: the Claude Code session of a run with `PlanInput.session`, to resume for questions later. */
export type PlanResult = { planner: PlannerName; usage: DiagnosisUsage; sessionId?: string } & (
  | { outcome: 'proposed'; proposal: Proposal; diff: ProposalDiff; classes: ClassifiedAction[]; runbook?: RunbookName }
  | { outcome: 'no_fix'; explanation: string }
  | { outcome: 'failed'; reason: string }
);

export interface PlanInput {
  incident: Incident;
  evidence: readonly Evidence[];
  scope: ProposalScope;
  signal?: AbortSignal;
  /** A clone of the GitOps repository the workload is deployed from: fixes are then edits of its manifests. */
  repo?: RepoView;
  /** A reviewer asked for changes to the last proposal: the runbooks apply a memory quantity they named, Claude the rest. */
  revision?: RevisionContext;
  /** A persistent HOME for Claude Code, so its session can be resumed (ClaudePlannerInput.session). */
  session?: { dir: string };
}

export const NO_USAGE: DiagnosisUsage = noUsage(0);

export interface Vetted {
  proposal?: Proposal;
  diff?: ProposalDiff;
  classes?: ClassifiedAction[];
  problems: string[];
}

/**
 * Parses, checks against the scope, places every action in its change class (the envelope, with the patch dry
 * runs), and diffs one proposal. Any problem refuses it.
 */
/** Vets a proposal made outside the planners (the live patch offered beside a PR) exactly as theirs are. */
export const vetProposal = (deps: PlanDeps, input: PlanInput, candidate: unknown): Promise<Vetted> =>
  vet(deps, input, candidate);

async function vet(deps: PlanDeps, input: PlanInput, candidate: unknown): Promise<Vetted> {
  const parsed = Proposal.safeParse(candidate);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  // The scope and the envelope both speak, so a proposal with many faults hears every one of them at once.
  const problems = checkProposal(parsed.data, input.scope);
  try {
    const envelope = await checkEnvelope(deps.kube, input.incident, parsed.data, deps.config.envelope, deps.logger, {
      repo: input.repo,
    });
    if (!envelope.ok || problems.length > 0)
      return { problems: [...new Set([...problems, ...(envelope.ok ? [] : envelope.problems)])] };
    const diff = await proposalDiff(
      {
        kube: deps.kube,
        incident: input.incident,
        classes: envelope.actions,
        repo: input.repo,
        ...(deps.diffCaps ? { caps: deps.diffCaps } : {}),
      },
      parsed.data,
    );
    return { proposal: parsed.data, diff, classes: envelope.actions, problems: diff.problems };
  } catch (err) {
    return { problems: [...problems, `the proposal could not be checked against the cluster: ${describeError(err)}`] };
  }
}

function withoutModel(deps: PlanDeps): string {
  return deps.config.planner === 'runbooks'
    ? 'The model planner is off (CLOPUS_PLANNER=runbooks).'
    : 'No model credentials are configured, so only runbooks run.';
}

async function planWithClaude(deps: PlanDeps, input: PlanInput): Promise<PlanResult> {
  const access = deps.access!;
  const vetted = new WeakMap<Proposal, Vetted>();
  const plan = deps.planClaude ?? runClaudePlanner;
  const result = await plan({
    incident: input.incident,
    evidence: input.evidence,
    kube: deps.kube,
    limits: { ...claudeLimits(deps.config), ...deps.limits },
    ...(deps.config.model ? { model: deps.config.model } : {}),
    env: access.credentials,
    logger: deps.logger,
    scope: input.scope,
    ...(input.signal ? { abortSignal: input.signal } : {}),
    ...(input.repo ? { repo: input.repo } : {}),
    ...(input.revision ? { revision: input.revision } : {}),
    ...(input.session ? { session: input.session } : {}),
    // The model hears about a refused dry run and can correct itself; the diff is kept for the proposal.
    validate: async (p) => {
      const v = await vet(deps, input, p);
      vetted.set(p, v);
      return v.problems;
    },
  });
  const usage = result.usage;
  const session = result.sessionId ? { sessionId: result.sessionId } : {};
  if (result.outcome === 'no_fix')
    return { planner: 'claude', usage, ...session, outcome: 'no_fix', explanation: result.explanation };
  if (result.outcome === 'failed')
    return { planner: 'claude', usage, ...session, outcome: 'failed', reason: result.reason };
  const v = vetted.get(result.proposal) ?? (await vet(deps, input, result.proposal));
  if (!v.proposal || !v.diff || !v.classes || v.problems.length > 0) {
    return {
      planner: 'claude',
      usage,
      ...session,
      outcome: 'failed',
      reason: `the model's proposal failed its final checks: ${v.problems.join('; ')}`,
    };
  }
  const { proposal, diff, classes } = v;
  return { planner: 'claude', usage, ...session, outcome: 'proposed', proposal, diff, classes };
}

/** The scope with the clone's source path and blobs, which edit_repo_file actions are checked against. */
async function withRepo(deps: PlanDeps, input: PlanInput): Promise<PlanInput> {
  const repo = input.repo;
  if (!repo || input.scope.repo) return input;
  const base = { sourcePath: repo.sourcePath, headSha: repo.headSha };
  try {
    return { ...input, scope: { ...input.scope, repo: { ...base, blobs: await repoBlobs(repo) } } };
  } catch (err) {
    // The envelope still compares each edit with the file in the clone.
    deps.logger.warn({ incidentId: input.incident.id, err }, 'cannot list the blobs of the GitOps clone');
    return { ...input, scope: { ...input.scope, repo: base } };
  }
}

/** The runbooks' answer: a vetted proposal, or what to answer when no model can do better. */
async function planWithRunbooks(deps: PlanDeps, input: PlanInput): Promise<PlanResult> {
  const started = Date.now();
  const rb = await runRunbooks({
    incident: input.incident,
    kube: deps.kube,
    settings: deps.config.runbooks,
    logger: deps.logger,
    repo: input.repo,
    revision: input.revision,
  });
  const usage = noUsage(Date.now() - started);
  if (rb.outcome === 'no_fix') return { planner: 'runbook', usage, outcome: 'no_fix', explanation: rb.explanation };
  if (rb.outcome === 'failed') return { planner: 'runbook', usage, outcome: 'failed', reason: rb.reason };
  if (rb.outcome === 'not_applicable')
    return { planner: 'runbook', usage, outcome: 'no_fix', explanation: `${rb.explanation} ${withoutModel(deps)}` };
  const v = await vet(deps, input, rb.proposal);
  if (v.proposal && v.diff && v.classes && v.problems.length === 0) {
    const { proposal, diff, classes } = v;
    return { planner: 'runbook', usage, outcome: 'proposed', proposal, diff, classes, runbook: rb.runbook };
  }
  deps.logger.warn(
    { incidentId: input.incident.id, runbook: rb.runbook, problems: v.problems },
    'runbook proposal refused',
  );
  if (v.problems.length > 0 && v.problems.every(isReadOnlyProblem))
    return {
      planner: 'runbook',
      usage,
      outcome: 'no_fix',
      explanation: `The ${rb.runbook} runbook has a fix (${rb.proposal.actions.map((a) => a.reason).join('; ')}), but ${v.problems.join('; ')}`,
    };
  return {
    planner: 'runbook',
    usage,
    outcome: 'failed',
    reason: `the ${rb.runbook} runbook's proposal was refused: ${v.problems.join('; ')}`,
  };
}

/** Runs the planners the config allows, in order, and answers with the first decisive result. Never throws. */
export async function plan(deps: PlanDeps, given: PlanInput): Promise<PlanResult> {
  const input = await withRepo(deps, given);
  const mode = deps.config.planner;
  const claude = mode !== 'runbooks' && deps.access !== undefined;
  if (mode !== 'claude') {
    const revision = input.revision;
    // A revision the runbooks cannot read goes to Claude; the same fix again would ignore the reviewer.
    const fallback =
      revision && !requestedMemory(input.incident, revision)
        ? ({
            planner: 'runbook',
            usage: NO_USAGE,
            outcome: 'no_fix',
            explanation: unreadableRevision(input.incident),
          } satisfies PlanResult)
        : await planWithRunbooks(deps, input);
    if (fallback.outcome === 'proposed' || !claude) return fallback;
  }
  if (!claude) {
    return {
      planner: 'claude',
      usage: NO_USAGE,
      outcome: 'failed',
      reason:
        'CLOPUS_PLANNER=claude, but no model credentials are configured (ANTHROPIC_API_KEY, CLOPUS_CLAUDE_CREDENTIALS_FILE, or Bedrock/Vertex variables)',
    };
  }
  try {
    return await planWithClaude(deps, input);
  } catch (err) {
    return {
      planner: 'claude',
      usage: NO_USAGE,
      outcome: 'failed',
      reason: `the Claude planner could not run: ${describeError(err)}`,
    };
  }
}
