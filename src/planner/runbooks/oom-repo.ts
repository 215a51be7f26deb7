// The OOM runbook for a workload deployed from a GitOps repository: the same raised limit, written into the
// manifest that defines it. The limit to raise is the one the source path renders to; the file to edit is the
// first that holds the container and, once edited, makes the render show the new limit (a base, or an overlay's
// patch). No such file means no fix, in a sentence: a live patch would be reverted by the next sync.
import type { WorkloadKind } from '../../core/index.js';
import { describeError } from '../../errors.js';
import {
  isWorkload,
  listRepoFiles,
  parseManifests,
  type RenderedObject,
  type RepoView,
  readRepoFile,
  renderKustomize,
  renderWithEdits,
  setContainerResource,
} from '../../gitops/index.js';
import type { Proposal } from '../proposal/schema.js';
import { type MemorySizing, OOM_RUNBOOK, oomNoFix, sizeMemory } from './oom-size.js';
import { requestedMemory } from './revision.js';
import { findContainer, stringAt } from './template.js';
import type { RunbookInput, RunbookResult } from './types.js';

/** Files read in search of the manifest, and edits rendered to confirm one. */
const MAX_FILES_READ = 200;
const MAX_RENDERS = 5;

interface Candidate {
  path: string;
  blobSha: string;
  content: string;
}

/** The file's text with the container's memory set, if the file has a document of the workload holding it. */
function edited(text: string, kind: string, names: readonly string[], container: string, s: MemorySizing) {
  for (const name of names) {
    const target = { kind, name };
    let next = setContainerResource(text, target, container, ['limits', 'memory'], s.newLimit);
    if (next !== undefined && s.raiseRequest)
      next = setContainerResource(next, target, container, ['requests', 'memory'], s.newLimit);
    if (next !== undefined) return next;
  }
  return undefined;
}

/**
 * Manifest files under the source path with the container, edited: first those naming the workload as the
 * cluster does, then those of the same kind under another name (a base an overlay renames with a prefix).
 */
async function candidates(repo: RepoView, kind: WorkloadKind, workload: string, container: string, s: MemorySizing) {
  const { files } = await listRepoFiles(repo);
  const exact: Candidate[] = [];
  const renamed: Candidate[] = [];
  for (const path of files.filter((f) => /\.ya?ml$/i.test(f)).slice(0, MAX_FILES_READ)) {
    const file = await readRepoFile(repo, path).catch(() => undefined);
    if (!file) continue;
    let objects: RenderedObject[];
    try {
      objects = parseManifests(file.content, path);
    } catch {
      continue;
    }
    const names = objects
      .filter((o) => o.kind === kind && findContainer(kind, o, container))
      .map((o) => stringAt(o, ['metadata', 'name']))
      .filter((n): n is string => n !== undefined);
    const others = names.filter((n) => n !== workload);
    const own = names.includes(workload) ? edited(file.content, kind, [workload], container, s) : undefined;
    const other = own === undefined ? edited(file.content, kind, others, container, s) : undefined;
    if (own !== undefined) exact.push({ path, blobSha: file.blobSha, content: own });
    else if (other !== undefined) renamed.push({ path, blobSha: file.blobSha, content: other });
  }
  return [...exact, ...renamed];
}

export async function oomRepoRunbook(
  input: RunbookInput,
  repo: RepoView,
  name: string,
  podLimit: () => Promise<string | undefined>,
): Promise<RunbookResult> {
  const { incident } = input;
  const kind = incident.workloadKind;
  const where = `${repo.sourcePath || '.'} in ${repo.url}`;
  const workload = { kind, namespace: incident.namespace, name: incident.workloadName };
  let before: RenderedObject[];
  try {
    before = await renderKustomize(repo.dir, repo.sourcePath);
  } catch (err) {
    return oomNoFix(
      `The manifests under ${where} cannot be rendered, so the runbook cannot edit them: ${describeError(err)}`,
    );
  }
  const rendered = before.find((o) => isWorkload(o, workload));
  const found = rendered ? findContainer(kind, rendered, name) : undefined;
  if (!rendered || !found)
    return oomNoFix(
      `The manifest of ${kind} ${incident.workloadName}${rendered ? ` with container "${name}"` : ''} was not found under ${where}, so the runbook cannot raise its memory limit in the repository.`,
    );
  const limitText = stringAt(found.container, ['resources', 'limits', 'memory']) ?? (await podLimit());
  const requestText = stringAt(found.container, ['resources', 'requests', 'memory']);
  const requested = input.revision ? requestedMemory(incident, input.revision) : undefined;
  const sizing = sizeMemory(name, limitText, requestText, input.settings, requested);
  if ('result' in sizing) return sizing.result;

  const tried: string[] = [];
  for (const c of (await candidates(repo, kind, incident.workloadName, name, sizing)).slice(0, MAX_RENDERS)) {
    tried.push(c.path);
    let after: RenderedObject[];
    try {
      after = await renderWithEdits(repo, [{ path: c.path, content: c.content }]);
    } catch (err) {
      input.logger.warn({ incidentId: incident.id, path: c.path, err }, 'edited manifest does not render');
      continue;
    }
    const now = after.find((o) => isWorkload(o, workload));
    const limit = now
      ? stringAt(findContainer(kind, now, name)?.container, ['resources', 'limits', 'memory'])
      : undefined;
    if (limit !== sizing.newLimit) continue;
    const proposal: Proposal = {
      summary: { rootCause: sizing.rootCause, confidence: 'medium', risk: 'low' },
      actions: [
        {
          type: 'edit_repo_file',
          reason: `${sizing.reason}, in ${c.path}`.slice(0, 300),
          path: c.path,
          content: c.content,
          baseBlobSha: c.blobSha,
        },
      ],
    };
    return { outcome: 'proposed', runbook: OOM_RUNBOOK, proposal };
  }
  return oomNoFix(
    tried.length === 0
      ? `The manifest of ${kind} ${incident.workloadName} with container "${name}" was not found under ${where}, so the runbook cannot raise its memory limit in the repository.`
      : `Editing ${tried.join(', ')} under ${where} does not change the memory limit ${kind} ${incident.workloadName} renders to, so the limit is set elsewhere (a JSON patch or a generator) and must be raised by hand.`,
  );
}
