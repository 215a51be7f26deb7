// edit_repo_file inside the envelope: the edits are judged by what they render to, never by their text. The
// source path is rendered as the clone holds it and again with the edits written; the incident's workload must
// change within the same change classes a live patch of it would (classifyPatch on the two rendered objects),
// and no other object may change at all.
import type { WorkloadKind } from '../../core/index.js';
import { describeError } from '../../errors.js';
import {
  changedObjects,
  type ObjectRef,
  type RenderedObject,
  type RepoView,
  readRepoFile,
  refText,
  renderedChange,
  renderKustomize,
  renderWithEdits,
} from '../../gitops/index.js';
import type { EditRepoFileAction } from '../proposal/schema.js';
import { classifyPatch } from './classify-patch.js';
import type { EnvelopeSettings } from './settings.js';
import type { ChangeClass } from './types.js';

export interface RepoEditFacts {
  repo: RepoView | undefined;
  workload: { kind: WorkloadKind; namespace: string; name: string };
  edits: readonly EditRepoFileAction[];
  /** Images earlier revisions of the live workload ran, for image-rollback (read from the cluster). */
  previousImages: () => Promise<ReadonlyMap<string, ReadonlySet<string>>>;
  settings: EnvelopeSettings;
}

export type RepoEditVerdict =
  | { ok: true; changeClass: ChangeClass; fields: string[] }
  | { ok: false; problems: string[] };

/** Each edit still applies to the file it was planned against (a stale plan is refused, not rebased). */
async function staleEdits(repo: RepoView, edits: readonly EditRepoFileAction[]): Promise<string[]> {
  const problems: string[] = [];
  for (const e of edits) {
    try {
      const now = await readRepoFile(repo, e.path);
      if (now.blobSha !== e.baseBlobSha)
        problems.push(
          `${e.path} is blob ${now.blobSha.slice(0, 12)} in the clone, not ${e.baseBlobSha.slice(0, 12)} the edit was planned against; read it again`,
        );
    } catch (err) {
      problems.push(describeError(err));
    }
  }
  return problems;
}

const isTheWorkload = (ref: ObjectRef, w: RepoEditFacts['workload']): boolean =>
  ref.kind === w.kind && ref.name === w.name && (ref.namespace === undefined || ref.namespace === w.namespace);

async function render(what: string, run: () => Promise<RenderedObject[]>): Promise<RenderedObject[] | string> {
  try {
    return await run();
  } catch (err) {
    return `${what}: ${describeError(err)}`;
  }
}

/** The one class the rendered change of the workload falls in, or every reason it fits none. */
export async function classifyRepoEdits(facts: RepoEditFacts): Promise<RepoEditVerdict> {
  const { repo, workload, edits } = facts;
  if (!repo)
    return { ok: false, problems: ['there is no clone of the GitOps repository to check the repository edit against'] };
  if (workload.kind === 'Pod')
    return { ok: false, problems: ['a bare pod has no workload whose manifests a repository edit could change'] };
  const stale = await staleEdits(repo, edits);
  if (stale.length > 0) return { ok: false, problems: stale };
  const before = await render('the repository does not render as it is', () =>
    renderKustomize(repo.dir, repo.sourcePath),
  );
  if (typeof before === 'string') return { ok: false, problems: [before] };
  const after = await render('the repository does not render with the edit', () => renderWithEdits(repo, edits));
  if (typeof after === 'string') return { ok: false, problems: [after] };

  const change = renderedChange(before, after, workload);
  const label = refText(workload);
  const problems = changedObjects(before, after)
    .filter((c) => !isTheWorkload(c.ref, workload))
    .map(
      (c) =>
        `the edit ${c.change === 'changed' ? 'changes' : c.change === 'added' ? 'adds' : 'removes'} ${refText(c.ref)}; only the incident's ${label} may change`,
    );
  if (!change.before)
    problems.push(`${label} is not among the objects ${repo.sourcePath || 'the repository'} renders to`);
  else if (!change.after) problems.push(`the edit removes ${label} from what ${repo.sourcePath} renders to`);
  else if (change.diff === '') problems.push(`the edit does not change ${label} as rendered`);
  if (problems.length > 0 || !change.before || !change.after) return { ok: false, problems };

  const v = classifyPatch({
    kind: workload.kind,
    before: change.before,
    after: change.after,
    previousImages: await facts.previousImages(),
    settings: facts.settings,
  });
  return v.ok ? v : { ok: false, problems: v.problems.map((p) => `rendered ${label}: ${p}`) };
}
