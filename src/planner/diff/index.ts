// Diffs: each action of a proposal shown as it would change things, redacted and size-capped for Slack and the dashboard.
import type { RepoView } from '../../gitops/index.js';
import { redact, sanitize, sanitizeShort } from '../../redact/index.js';
import { type ClassifiedAction, classLine } from '../envelope/index.js';
import type { FixerKube } from '../kube.js';
import type { EditRepoFileAction, Proposal, ProposalAction } from '../proposal/schema.js';
import { capLines, countLines, moreLines } from './cap.js';
import { editFileDiff, readCurrent } from './file-diff.js';
import { type RenderedDiff, repoFileDiff, repoRenderedDiff } from './repo-diff.js';
import { DEFAULT_DIFF_CAPS, type DiffCaps, type DiffSection, type ProposalDiff, type RepoSection } from './types.js';
import { patchDiff } from './workload-diff.js';

export { capLines } from './cap.js';
export { type CurrentFile, editFileDiff, readCurrent } from './file-diff.js';
export { repoFileDiff, repoRenderedDiff } from './repo-diff.js';
export { DEFAULT_DIFF_CAPS, type DiffCaps, type DiffSection, type ProposalDiff, type RepoSection } from './types.js';
export { cleanWorkload, isReadOnlyProblem, type PatchDiff, patchDiff, workloadYaml } from './workload-diff.js';

export interface DiffContext {
  kube: Pick<FixerKube, 'exec' | 'getWorkload' | 'patchWorkload'>;
  incident: { namespace: string; workloadKind: string; workloadName: string };
  caps?: Partial<DiffCaps>;
  /** The envelope's verdict per action: each section then opens with its class and the fields it changes. */
  classes?: readonly ClassifiedAction[];
  /** The clone edit_repo_file actions are diffed and rendered against. */
  repo?: RepoView | undefined;
}

/** Large enough for a whole capped file diff; sanitize also shortens single lines over 2000 characters. */
const SANITIZE_CHARS = 1024 * 1024;

const LONG_COMMAND = 1000;

/** A word of an argv as a shell would need it: plain, or single-quoted. Every display of a command uses it. */
export const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function title(action: ProposalAction, ns: string, ctx: DiffContext): string {
  switch (action.type) {
    case 'edit_file':
      return `edit_file ${action.path} in ${ns}/${action.pod}/${action.container}`;
    case 'exec':
      return `exec in ${ns}/${action.pod}/${action.container}`;
    case 'restart_pod':
      return `restart_pod ${ns}/${action.pod}`;
    case 'patch_workload':
      return `patch_workload ${action.kind ?? ctx.incident.workloadKind} ${ns}/${action.name ?? ctx.incident.workloadName}`;
    case 'edit_repo_file':
      return `edit_repo_file ${action.path}${ctx.repo ? ` in ${ctx.repo.url} (${ctx.repo.ref})` : ''}`;
  }
}

type Made = { text: string; problems: string[]; repo?: RepoSection };

/** A repository edit: its file diff, then (on the last edit) the rendered diff of all of them. */
async function repoBody(action: EditRepoFileAction, ctx: DiffContext, rendered?: RenderedDiff): Promise<Made> {
  const file = await repoFileDiff(ctx.repo, action);
  const repo: RepoSection = {
    path: action.path,
    headSha: ctx.repo?.headSha ?? '',
    fileDiff: file.fileDiff,
    ...(rendered ? { renderedDiff: rendered.diff } : {}),
  };
  return {
    text: rendered
      ? `${file.text}
${rendered.text}`
      : file.text,
    problems: [...file.problems, ...(rendered?.problems ?? [])],
    repo,
  };
}

async function body(action: ProposalAction, ns: string, ctx: DiffContext, rendered?: RenderedDiff): Promise<Made> {
  switch (action.type) {
    case 'edit_file': {
      const current = await readCurrent(ctx.kube, ns, action);
      // Applying records the old content for rollback, which would put the secrets in the database; and the
      // model and the reviewer only ever saw them masked.
      const secret = current.content !== undefined && redact(current.content) !== current.content;
      return {
        text: editFileDiff(action, current),
        problems: secret
          ? [
              `${action.path} holds secrets (shown masked), which Clopus does not store for a rollback: edit this file by hand`,
            ]
          : [],
      };
    }
    case 'exec': {
      // One word per line once it is long, so no line is ever cut by a display: a reviewer sees every word.
      const words = action.argv.map(shellWord);
      const line = `$ ${words.join(' ')}`;
      return { text: line.length <= LONG_COMMAND ? `${line}\n` : `$ ${words.join(' \\\n    ')}\n`, problems: [] };
    }
    case 'restart_pod':
      return { text: `delete pod ${action.pod}; its controller creates a new one\n`, problems: [] };
    case 'patch_workload': {
      const target = {
        kind: action.kind ?? ctx.incident.workloadKind,
        namespace: ns,
        name: action.name ?? ctx.incident.workloadName,
      };
      const r = await patchDiff(ctx.kube, target, action.patch);
      return { text: r.diff, problems: r.problems };
    }
    case 'edit_repo_file':
      return repoBody(action, ctx, rendered);
  }
}

/**
 * The proposal's diff, one section per action in order. Reads the cluster (exec `cat`, a patch dry run); never
 * writes. A diff over the caps is a problem, not a shortened display: a reviewer must see every byte that lands.
 */
export async function proposalDiff(ctx: DiffContext, proposal: Proposal): Promise<ProposalDiff> {
  const caps = { ...DEFAULT_DIFF_CAPS, ...ctx.caps };
  const sections: DiffSection[] = [];
  const problems: string[] = [];
  let lines = 0;
  let bytes = 0;
  const edits = proposal.actions.filter((a) => a.type === 'edit_repo_file');
  const { namespace, workloadKind: kind, workloadName: name } = ctx.incident;
  const rendered =
    edits.length > 0 && ctx.repo ? await repoRenderedDiff(ctx.repo, edits, { kind, namespace, name }) : undefined;
  for (const [i, action] of proposal.actions.entries()) {
    const ns = ('namespace' in action ? action.namespace : undefined) ?? ctx.incident.namespace;
    const made = await body(action, ns, ctx, action === edits.at(-1) ? rendered : undefined);
    problems.push(...made.problems.map((p) => `action ${i + 1} (${action.type}): ${p}`));
    // Cluster text (file contents, env values in a spec) is redacted before it is stored or shown.
    const classified = ctx.classes?.find((c) => c.seq === i + 1);
    const clean = `${classified ? `${classLine(classified)}\n` : ''}${sanitize(made.text, SANITIZE_CHARS).text}`;
    const roomLines = Math.max(1, Math.min(caps.maxLines, caps.totalLines - lines));
    const roomBytes = Math.max(64, Math.min(caps.maxBytes, caps.totalBytes - bytes));
    const capped =
      lines >= caps.totalLines || bytes >= caps.totalBytes
        ? {
            text: clean ? `${moreLines(countLines(clean))} (over the total size cap)\n` : '',
            omittedLines: countLines(clean),
          }
        : capLines(clean, roomLines, roomBytes);
    if (capped.omittedLines > 0) {
      problems.push(
        `action ${i + 1} (${action.type}): its diff (${countLines(clean)} lines, ${Buffer.byteLength(clean, 'utf8')} bytes) is over what a reviewer is shown (${caps.maxLines} lines or ${caps.maxBytes} bytes per action, ${caps.totalLines} lines or ${caps.totalBytes} bytes in all); nothing approvable is cut, so make the fix smaller or split it`,
      );
    }
    lines += countLines(capped.text);
    bytes += Buffer.byteLength(capped.text, 'utf8');
    sections.push({
      action: i + 1,
      type: action.type,
      title: sanitizeShort(title(action, ns, ctx), 300),
      body: capped.text,
      omittedLines: capped.omittedLines,
      ...(made.repo ? { repo: made.repo } : {}),
    });
  }
  return { sections, text: renderSections(sections), problems };
}

/** Sections as one monospace text: a numbered title line, then the body. */
export function renderSections(sections: readonly DiffSection[]): string {
  return sections.map((s) => `${s.action}. ${s.title}\n${s.body}`).join('\n');
}
