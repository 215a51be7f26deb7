// edit_repo_file as a reviewer reads it: the file's unified diff against the clone, and what the edits change in
// the rendered workload (the manifests rendered before and after, as YAML).
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { describeError } from '../../errors.js';
import { type RepoView, readRepoFile, renderedChange, renderKustomize, renderWithEdits } from '../../gitops/index.js';
import type { EditRepoFileAction } from '../proposal/schema.js';

export interface RepoFileDiff {
  /** Notes (a stale base, an unreadable file) and the unified diff. */
  text: string;
  /** The unified diff alone, every line of it. */
  fileDiff: string;
  problems: string[];
}

/** The unified diff of one repository edit against the file in the clone. */
export async function repoFileDiff(repo: RepoView | undefined, action: EditRepoFileAction): Promise<RepoFileDiff> {
  const notes: string[] = [];
  const problems: string[] = [];
  let before = '';
  if (!repo) problems.push('there is no clone of the GitOps repository to diff the edit against');
  else {
    try {
      const current = await readRepoFile(repo, action.path);
      before = current.content;
      if (current.blobSha !== action.baseBlobSha)
        notes.push('note: the file changed since the edit was planned; it will be refused unless it is re-planned');
    } catch (err) {
      notes.push(`note: cannot read the current file (${describeError(err)}); showing the new content whole`);
      problems.push(`cannot read ${action.path} in the clone: ${describeError(err)}`);
    }
  }
  const at = repo ? repo.headSha.slice(0, 12) : 'current';
  const fileDiff = createTwoFilesPatch(`a/${action.path}`, `b/${action.path}`, before, action.content, at, 'proposed', {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  if (!fileDiff.includes('\n@@')) problems.push(`the edit does not change ${action.path}`);
  return { text: `${[...notes, fileDiff.trimEnd()].join('\n')}\n`, fileDiff, problems };
}

export interface RenderedDiff {
  /** A heading line and the unified diff of the rendered workload, or a note saying why there is none. */
  text: string;
  diff: string;
  problems: string[];
}

/** What all of a proposal's repository edits together change in the incident's workload, rendered. */
export async function repoRenderedDiff(
  repo: RepoView,
  edits: readonly EditRepoFileAction[],
  workload: { kind: string; namespace: string; name: string },
): Promise<RenderedDiff> {
  const heading = `rendered ${workload.kind} ${workload.namespace}/${workload.name} from ${repo.sourcePath || '.'} (kubectl kustomize), after ${edits.length === 1 ? 'the edit' : `all ${edits.length} edits`}:`;
  try {
    const before = await renderKustomize(repo.dir, repo.sourcePath);
    const after = await renderWithEdits(repo, edits);
    const { diff } = renderedChange(before, after, workload);
    if (diff === '')
      return {
        text: `${heading}\n(no change)\n`,
        diff,
        problems: [`the edit does not change the rendered ${workload.kind} ${workload.name}`],
      };
    return { text: `${heading}\n${diff.trimEnd()}\n`, diff, problems: [] };
  } catch (err) {
    const why = describeError(err);
    return { text: `${heading}\n(cannot render: ${why})\n`, diff: '', problems: [`cannot render the edit: ${why}`] };
  }
}
