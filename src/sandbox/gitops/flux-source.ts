// Flux's source-controller for GitRepositories: resolve spec.ref to a commit each pass and publish it as the
// artifact revision (`main@sha1:<sha>`), which Kustomizations then read back from the status.
import type { Fields, KubeObject } from '../types.js';
import type { GitRef } from './git.js';
import { type Controller, managerRef } from './managed.js';
import { SyncFailure } from './run.js';
import type { Sources } from './sources.js';
import { recordEvent, setCondition, writeStatus } from './status.js';

const COMPONENT = 'source-controller';

/** What a Kustomization needs to fetch and name the artifact's commit. */
export interface Artifact {
  url: string;
  sha: string;
  fetch: string;
  revision: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** spec.ref as git sees it, and how Flux spells a revision of it (the branch when unset is master, as in Flux). */
function refOf(repo: KubeObject): { ref: GitRef; label: (sha: string) => string } {
  const ref = (repo.spec?.ref ?? {}) as Fields;
  const commit = text(ref.commit);
  if (commit) return { ref: { kind: 'commit', name: commit }, label: (sha) => `sha1:${sha}` };
  if (ref.semver !== undefined) throw new SyncFailure('source', 'spec.ref.semver is not supported by the sandbox');
  const tag = text(ref.tag);
  if (tag) return { ref: { kind: 'tag', name: tag }, label: (sha) => `${tag}@sha1:${sha}` };
  const name = text(ref.name);
  if (name) return { ref: { kind: 'name', name }, label: (sha) => `${name}@sha1:${sha}` };
  const branch = text(ref.branch) ?? 'master';
  return { ref: { kind: 'branch', name: branch }, label: (sha) => `${branch}@sha1:${sha}` };
}

/** The artifact the repository's status publishes, if any (read from the cluster: level-triggered). */
export function artifactOf(repo: KubeObject): Artifact | undefined {
  const revision = text(repo.status?.artifact?.revision);
  const url = text(repo.spec?.url);
  const sha = revision?.match(/sha1:([0-9a-f]{40})$/)?.[1];
  if (!revision || !url || !sha) return undefined;
  let fetch = sha;
  try {
    const { ref } = refOf(repo);
    if (ref.kind === 'branch') fetch = `refs/heads/${ref.name}`;
    else if (ref.kind === 'tag') fetch = `refs/tags/${ref.name}`;
  } catch {
    // An unsupported ref still has a commit to fetch by SHA.
  }
  return { url, sha, fetch, revision };
}

export async function reconcileGitRepository(ctrl: Controller, sources: Sources, repo: KubeObject): Promise<void> {
  if (repo.spec?.suspend === true) return;
  const ref = managerRef(repo);
  const key = `GitRepository/${ref.namespace}/${ref.name}`;
  const status = (repo.status ?? {}) as Fields;
  const generation = repo.metadata.generation ?? 1;
  const now = ctrl.now();
  try {
    const url = text(repo.spec?.url);
    if (!url) throw new SyncFailure('source', 'spec.url is required');
    const { ref: gitRef, label } = refOf(repo);
    const { sha } = await sources.resolve(url, gitRef);
    const revision = label(sha);
    const message = `stored artifact for revision '${revision}'`;
    const artifact = {
      revision,
      digest: `sha256:${sha}`,
      path: `gitrepository/${ref.namespace}/${ref.name}/${sha}.tar.gz`,
      url: `http://source-controller.flux-system.svc.cluster.local./gitrepository/${ref.namespace}/${ref.name}/${sha}.tar.gz`,
      lastUpdateTime: status.artifact?.revision === revision ? status.artifact.lastUpdateTime : now.toISOString(),
    };
    let conditions = setCondition(
      status.conditions,
      { type: 'Ready', status: 'True', reason: 'Succeeded', message },
      now,
      { observedGeneration: generation },
    );
    conditions = setCondition(
      conditions,
      { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message },
      now,
      { observedGeneration: generation },
    );
    conditions = conditions.filter((c) => c.type !== 'FetchFailed');
    const moved = status.artifact?.revision !== revision;
    writeStatus(ctrl.cluster, repo, { ...status, observedGeneration: generation, artifact, conditions });
    ctrl.report(`${key}/error`, undefined);
    if (moved) recordEvent(ctrl.cluster, repo, COMPONENT, { type: 'Normal', reason: 'NewArtifact', message });
  } catch (err) {
    if (!(err instanceof SyncFailure)) throw err;
    const message = `failed to checkout and determine revision: ${err.message}`;
    let conditions = setCondition(
      status.conditions,
      { type: 'Ready', status: 'False', reason: 'GitOperationFailed', message },
      now,
      { observedGeneration: generation },
    );
    conditions = setCondition(
      conditions,
      { type: 'FetchFailed', status: 'True', reason: 'GitOperationFailed', message },
      now,
      { observedGeneration: generation },
    );
    writeStatus(ctrl.cluster, repo, { ...status, observedGeneration: generation, conditions });
    // A repository is not a manager: the Kustomizations that use it report its failure as a SyncEvent.
    if (ctrl.report(`${key}/error`, message))
      recordEvent(ctrl.cluster, repo, COMPONENT, { type: 'Warning', reason: 'GitOperationFailed', message });
  }
}

/** The repository's Ready=False message, when its last fetch failed. */
export function sourceFailure(repo: KubeObject): string | undefined {
  const ready = ((repo.status?.conditions ?? []) as Fields[]).find((c) => c.type === 'Ready');
  return ready?.status === 'False' ? String(ready.message ?? '') : undefined;
}
