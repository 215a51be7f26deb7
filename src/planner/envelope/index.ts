// The safety envelope: every action of a proposal is placed in one named change class, within that class's
// bounds, or the proposal is refused. Allow, don't deny: a field, file or command that no class names is out.

import type { WorkloadKind } from '../../core/index.js';
import { describeError, isClopusError } from '../../errors.js';
import type { RepoView } from '../../gitops/index.js';
import { KubeApiError } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import { dryRunProblem } from '../diff/workload-diff.js';
import type { FixerKube } from '../kube.js';
import type { EditRepoFileAction, Proposal, ProposalAction } from '../proposal/schema.js';
import { classifyExec } from './classify-exec.js';
import { classifyFile, type FileFacts } from './classify-file.js';
import { classifyPatch } from './classify-patch.js';
import { classifyRepoEdits, type RepoEditVerdict } from './classify-repo.js';
import { previousImages } from './history.js';
import { stringsOf, unreviewable } from './reviewable.js';
import type { EnvelopeSettings } from './settings.js';
import { pathText, specChanges } from './spec-diff.js';
import type { ChangeClass, ClassifiedAction, EnvelopeVerdict } from './types.js';

export { classifyExec, interpreterOf } from './classify-exec.js';
export { classifyFile } from './classify-file.js';
export { classifyPatch, isDeniedEnvName } from './classify-patch.js';
export { classifyRepoEdits } from './classify-repo.js';
export { parseImage } from './image.js';
export type { EnvelopeSettings } from './settings.js';
export { pathText, specChanges } from './spec-diff.js';
export { CHANGE_CLASSES, type ChangeClass, type ClassifiedAction, type EnvelopeVerdict } from './types.js';

type Obj = Record<string, unknown>;

export type EnvelopeKube = Pick<
  FixerKube,
  'getWorkload' | 'getPod' | 'patchWorkload' | 'listReplicaSets' | 'listControllerRevisions' | 'exec'
>;

export interface EnvelopeTarget {
  namespace: string;
  workloadKind: WorkloadKind;
  workloadName: string;
}

const MODE_SCRIPT = 'stat -c %a "$1"';

/** A dry-run error that is the server's answer about the patch itself: refused (4xx) or forbidden to us (403). */
const isVerdict = (err: unknown): boolean =>
  (err instanceof KubeApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429) ||
  (isClopusError(err) && err.code === 'KUBE_FORBIDDEN');

async function fileMode(
  kube: EnvelopeKube,
  ns: string,
  a: { pod: string; container: string; path: string },
): Promise<FileFacts['mode']> {
  try {
    const r = await kube.exec({
      namespace: ns,
      pod: a.pod,
      container: a.container,
      argv: ['sh', '-c', MODE_SCRIPT, 'sh', a.path],
      timeoutMs: 30_000,
      maxOutputBytes: 64,
    });
    const mode = /^([0-7]{3,4})\s*$/.exec(r.stdout);
    if (r.exitCode !== 0 || !mode)
      return { error: `stat exited ${r.exitCode}${r.stderr ? `: ${r.stderr.trim().slice(0, 200)}` : ''}` };
    return parseInt(mode[1]!, 8);
  } catch (err) {
    return { error: describeError(err) };
  }
}

/** The strings an action would write to the cluster, for the reviewability check. */
function landing(action: ProposalAction): Array<[string, string]> {
  switch (action.type) {
    case 'edit_file':
      return [[`the new content of ${action.path}`, action.content]];
    case 'exec':
      return action.argv.map((a, i): [string, string] => [`argv[${i}]`, a]);
    case 'restart_pod':
      return [];
    case 'patch_workload':
      return stringsOf(action.patch).map((s): [string, string] => ['the patch', s]);
    case 'edit_repo_file':
      return [[`the new content of ${action.path}`, action.content]];
  }
}

interface Ctx {
  /** "pod/container/path" → SHA-256 of files the diagnosis read (PlannedState.fileHashes). */
  fileHashes: Readonly<Record<string, string>>;
  kube: EnvelopeKube;
  target: EnvelopeTarget;
  settings: EnvelopeSettings;
  logger: Logger;
  workload?: Obj;
  history?: Map<string, Set<string>>;
  /** The clone the proposal's repository edits are rendered in. */
  repo?: RepoView | undefined;
  /** Every edit_repo_file of the proposal: they are rendered and judged together, once. */
  repoEdits: EditRepoFileAction[];
  repoVerdict?: Promise<RepoEditVerdict>;
}

/** The live workload's earlier images, read once per proposal. */
async function history(ctx: Ctx): Promise<Map<string, Set<string>>> {
  const { namespace: ns, workloadKind: kind, workloadName: name } = ctx.target;
  ctx.workload ??= (await ctx.kube.getWorkload(kind, ns, name)) as unknown as Obj;
  const workload = ctx.workload;
  ctx.history ??= await previousImages(ctx.kube, kind, workload, (err) =>
    ctx.logger.warn({ kind, namespace: ns, name, err }, 'cannot read workload revisions'),
  );
  return ctx.history;
}

async function classifyRepoEdit(
  ctx: Ctx,
  action: EditRepoFileAction,
): Promise<{ changeClass: ChangeClass; fields: string[] } | { problems: string[] }> {
  const { namespace, workloadKind: kind, workloadName: name } = ctx.target;
  ctx.repoVerdict ??= classifyRepoEdits({
    repo: ctx.repo,
    workload: { kind, namespace, name },
    edits: ctx.repoEdits,
    previousImages: () => history(ctx),
    settings: ctx.settings,
  });
  const v = await ctx.repoVerdict;
  if (v.ok) return { changeClass: v.changeClass, fields: v.fields };
  // The edits are judged together: their reasons are told once, at the first of them.
  return { problems: action === ctx.repoEdits[0] ? v.problems : [] };
}

async function classifyOne(
  ctx: Ctx,
  action: ProposalAction,
): Promise<{ changeClass: ChangeClass; fields: string[] } | { problems: string[] }> {
  const ns = ctx.target.namespace;
  switch (action.type) {
    case 'restart_pod':
      return { changeClass: 'restart-pod', fields: [`pod ${action.pod}`] };
    case 'exec': {
      const v = classifyExec(action.argv, ctx.settings.exec);
      return v.ok ? { changeClass: 'exec-allowed', fields: [action.argv.join(' ')] } : { problems: [v.problem] };
    }
    case 'edit_file': {
      const mode = await fileMode(ctx.kube, ns, action);
      const read = action.expectedSha256 ?? ctx.fileHashes[`${action.pod}/${action.container}/${action.path}`];
      const v = classifyFile(action.path, { expectedSha256: read }, { mode }, ctx.settings.configFiles);
      return v.ok ? { changeClass: 'config-file', fields: [action.path] } : { problems: v.problems };
    }
    case 'patch_workload': {
      const { workloadKind: kind, workloadName: name } = ctx.target;
      if (kind === 'Pod') return { problems: ['a bare pod has no workload to patch'] };
      ctx.workload ??= (await ctx.kube.getWorkload(kind, ns, name)) as unknown as Obj;
      let after: Obj;
      try {
        after = (await ctx.kube.patchWorkload({ kind, namespace: ns, name }, action.patch, {
          dryRun: true,
        })) as unknown as Obj;
      } catch (err) {
        // Only the server's verdict on the patch is judged; a server that cannot answer now (unreachable, 429,
        // 5xx, 401) says nothing about it, so the caller reports that as such instead of refusing the proposal.
        if (!isVerdict(err)) throw err;
        return { problems: [dryRunProblem(err, { kind, namespace: ns, name })] };
      }
      const v = classifyPatch({
        kind,
        before: ctx.workload,
        after,
        previousImages: await history(ctx),
        settings: ctx.settings,
      });
      return v.ok ? { changeClass: v.changeClass, fields: v.fields } : { problems: v.problems };
    }
    case 'edit_repo_file':
      return classifyRepoEdit(ctx, action);
  }
}

/**
 * Places every action in its change class, or says for each one why it fits none. Reads the cluster (the
 * workload, its revisions, a patch dry run, a file's mode) and renders repository edits in a copy of the clone
 * (`opts.repo`); never writes. Connectivity and RBAC errors on the
 * workload read are thrown, for the caller to report as such.
 */
export async function checkEnvelope(
  kube: EnvelopeKube,
  target: EnvelopeTarget,
  proposal: Proposal,
  settings: EnvelopeSettings,
  logger: Logger,
  opts: { fileHashes?: Readonly<Record<string, string>>; repo?: RepoView | undefined } = {},
): Promise<EnvelopeVerdict> {
  const ctx: Ctx = {
    kube,
    target,
    settings,
    logger,
    fileHashes: opts.fileHashes ?? {},
    repo: opts.repo,
    repoEdits: proposal.actions.filter((a) => a.type === 'edit_repo_file'),
  };
  const problems: string[] = [];
  const actions: ClassifiedAction[] = [];
  for (const [i, action] of proposal.actions.entries()) {
    const prefix = `action ${i + 1} (${action.type})`;
    for (const [what, text] of landing(action)) {
      const why = unreviewable(text, what);
      if (why) problems.push(`${prefix}: ${why}`);
    }
    const r = await classifyOne(ctx, action);
    if ('problems' in r) problems.push(...r.problems.map((p) => `${prefix}: ${p}`));
    else actions.push({ seq: i + 1, ...r });
  }
  const restarts = proposal.actions.filter((a) => a.type === 'restart_pod');
  if (restarts.length > 1)
    problems.push(
      `the proposal restarts ${restarts.length} pods; restart-pod allows one pod per proposal, so the others keep serving`,
    );
  return problems.length > 0 ? { ok: false, problems: [...new Set(problems)] } : { ok: true, actions };
}

/** "resources: spec.template…memory, …" per action, for the stored diff and every display. */
export function classLine(a: Pick<ClassifiedAction, 'changeClass' | 'fields'>): string {
  return `class: ${a.changeClass} · changes: ${a.fields.join(', ')}`;
}

/** For tests and callers that hold both objects already. */
export function changedPaths(before: Obj, after: Obj): string[] {
  return specChanges(before, after).map((c) => pathText(c.path));
}
