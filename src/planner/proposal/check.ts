// Code-level checks of a parsed proposal against its incident's scope: every target is the incident's own
// namespace, workload, pods and containers. What an action may do to them is the safety envelope's question
// (fixer/envelope), an allow-list of change classes; this file only keeps actions on the incident's own objects.
// Every refusal is a sentence the model (and a reviewer) can act on.
import { posix } from 'node:path';
import type { WorkloadKind } from '../../core/index.js';
import { REDACTED } from '../../redact/index.js';
import { type EditRepoFileAction, MAX_FILE_BYTES, type Proposal, type ProposalAction } from './schema.js';

/** What a proposal may touch: the incident's namespace, workload and pods. */
export interface ProposalScope {
  namespace: string;
  workload: { kind: WorkloadKind; name: string };
  pods: readonly string[];
  /** Container names (including init containers) of the workload's pods; when given, others are refused. */
  containers?: readonly string[];
  /** The workload's current service account; a patch may restate it, never change it. */
  serviceAccountName?: string;
  /** The GitOps repository the workload is deployed from, when Clopus has a clone: only then is edit_repo_file allowed. */
  repo?: {
    /** The manager's path inside the repository; edits stay under it. */
    sourcePath: string;
    headSha: string;
    /** Repository path → blob hash of the tracked files under sourcePath at headSha; when given, edits must match. */
    blobs?: Readonly<Record<string, string>>;
  };
}

/** Where Kubernetes mounts the service account token and where secret volumes conventionally go. */
export const SECRET_ROOTS = ['/var/run/secrets', '/run/secrets'];

export const isSecretPath = (path: string): boolean =>
  SECRET_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));

/** Pseudo filesystems whose "files" are kernel switches, not configuration. */
const FORBIDDEN_ROOTS = ['/proc', '/sys', '/dev'];

export function checkPath(path: string): string[] {
  if (!path.startsWith('/')) return [`path "${path}" must be absolute`];
  const problems: string[] = [];
  if (path.includes('\0')) problems.push('path contains a NUL character');
  if (path.split('/').some((s) => s === '..' || s === '.'))
    problems.push(`path "${path}" must not contain "." or ".." segments`);
  if (path.endsWith('/')) problems.push(`path "${path}" names a directory, not a file`);
  const normal = posix.normalize(path);
  if (FORBIDDEN_ROOTS.some((root) => normal === root || normal.startsWith(`${root}/`))) {
    problems.push(`path "${path}" is under ${FORBIDDEN_ROOTS.join(', ')}, which are not files to edit`);
  }
  if (isSecretPath(normal))
    problems.push(
      `path "${path}" is under ${SECRET_ROOTS.join(', ')}, where the service account token and secrets are mounted`,
    );
  return problems;
}

function checkTarget(action: ProposalAction, scope: ProposalScope): string[] {
  const problems: string[] = [];
  if ('namespace' in action && action.namespace !== undefined && action.namespace !== scope.namespace) {
    problems.push(`namespace "${action.namespace}" is not the incident's namespace "${scope.namespace}"`);
  }
  if ('pod' in action && !scope.pods.includes(action.pod)) {
    problems.push(`pod "${action.pod}" is not one of the incident's pods (${scope.pods.join(', ') || 'none'})`);
  }
  if ('container' in action && scope.containers && !scope.containers.includes(action.container)) {
    problems.push(
      `container "${action.container}" is not a container of the workload (${scope.containers.join(', ')})`,
    );
  }
  return problems;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Containers a patch names, by where they sit in the pod template (CronJobs nest it one level deeper). */
function namedContainers(patch: Record<string, unknown>): Array<{ at: string; name: unknown }> {
  const spec = isObj(patch.spec) ? patch.spec : {};
  const templates: Array<[string, unknown]> = [
    ['spec.template.spec', isObj(spec.template) ? spec.template.spec : undefined],
  ];
  const job =
    isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) && isObj(spec.jobTemplate.spec.template)
      ? spec.jobTemplate.spec.template.spec
      : undefined;
  templates.push(['spec.jobTemplate.spec.template.spec', job]);
  return templates.flatMap(([at, podSpec]) =>
    ['containers', 'initContainers'].flatMap((list) => {
      const items = isObj(podSpec) ? podSpec[list] : undefined;
      return Array.isArray(items)
        ? items.map((c) => ({ at: `${at}.${list}`, name: isObj(c) ? c.name : undefined }))
        : [];
    }),
  );
}

/** A patch names the workload's spec and its existing containers; renaming, moving or re-owning it is never a fix. */
function checkPatchShape(patch: Record<string, unknown>, scope: ProposalScope): string[] {
  const problems: string[] = [];
  if (scope.containers) {
    for (const { at, name } of namedContainers(patch)) {
      if (typeof name !== 'string' || !scope.containers.includes(name))
        problems.push(
          `${at}: container "${String(name)}" is not in the workload (${scope.containers.join(', ')}); the patch would add it`,
        );
    }
  }
  if (Object.keys(patch).length === 0) problems.push('the patch is empty');
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'metadata' && typeof value === 'object' && value !== null) {
      for (const field of Object.keys(value)) {
        if (field === 'name' || field === 'namespace')
          problems.push(`metadata.${field}: a patch must not rename or move the workload`);
      }
    } else if (key !== 'spec' && key !== 'metadata')
      problems.push(`${key}: only the workload's spec and metadata are patched`);
  }
  return problems;
}

/** The manifests a GitOps controller reads: YAML files (kustomization.yaml among them) and kustomize's `Kustomization`. */
const isManifestFile = (path: string): boolean => /\.ya?ml$/i.test(path) || posix.basename(path) === 'Kustomization';

function checkRepoEdit(action: EditRepoFileAction, scope: ProposalScope): string[] {
  const repo = scope.repo;
  if (!repo)
    return [
      'the workload is not deployed from a GitOps repository Clopus has cloned, so there is no repository file to edit; propose a live change instead',
    ];
  const { path } = action;
  const root = posix.normalize(repo.sourcePath.replace(/^\/+/, '') || '.').replace(/\/+$/, '');
  const problems: string[] = [];
  if (path.startsWith('/')) problems.push(`path "${path}" must be relative to the repository root, not absolute`);
  else if (
    path.includes('\0') ||
    path.includes('\\') ||
    path.split('/').some((s) => s === '..' || s === '.' || s === '')
  )
    problems.push(`path "${path}" must be a plain repository path, without ".", ".." or empty segments`);
  else if (path.split('/').includes('.git')) problems.push(`path "${path}" is inside .git`);
  else if (root !== '.' && !path.startsWith(`${root}/`))
    problems.push(`path "${path}" is outside the source path "${root}" the workload is deployed from`);
  if (!isManifestFile(path))
    problems.push(`path "${path}" is not a YAML manifest or kustomization file; only manifests are edited`);
  const bytes = Buffer.byteLength(action.content, 'utf8');
  if (bytes > MAX_FILE_BYTES) problems.push(`content is ${bytes} bytes, over the ${MAX_FILE_BYTES}-byte cap`);
  if (action.content.includes(REDACTED))
    problems.push(
      `content contains ${REDACTED}: the file holds secrets that were masked, so it must be edited by hand`,
    );
  const current = repo.blobs?.[path];
  if (repo.blobs && problems.length === 0 && current === undefined)
    problems.push(
      `${path} is not a file in the repository at ${repo.headSha.slice(0, 12)}; only existing manifests are edited`,
    );
  else if (current !== undefined && current !== action.baseBlobSha)
    problems.push(
      `${path} changed since it was read (planned against blob ${action.baseBlobSha.slice(0, 12)}, the repository at ${repo.headSha.slice(0, 12)} has ${current.slice(0, 12)}): read it again and plan the edit on what is there`,
    );
  return problems;
}

/**
 * A repository edit reaches the cluster through a pull request and the controller's sync; a live action beside it
 * would either be reverted by that sync or land without the review the pull request gets. So a proposal is one or
 * the other. (A live patch equal in effect to the edit, as a stopgap until the merge, is not offered yet.)
 */
function checkMixing(proposal: Proposal): string[] {
  const edits = proposal.actions.filter((a) => a.type === 'edit_repo_file');
  if (edits.length === 0) return [];
  const live = [...new Set(proposal.actions.filter((a) => a.type !== 'edit_repo_file').map((a) => a.type))];
  const problems =
    live.length > 0
      ? [
          `edit_repo_file cannot be combined with live actions (${live.join(', ')}): the repository edit is delivered as a pull request and synced by the GitOps controller, which would revert a live change; propose repository edits only`,
        ]
      : [];
  const paths = edits.map((a) => a.path);
  const twice = [...new Set(paths.filter((p, i) => paths.indexOf(p) !== i))];
  if (twice.length > 0)
    problems.push(`${twice.join(', ')} edited more than once: give each file's whole new content in one action`);
  return problems;
}

function checkAction(action: ProposalAction, scope: ProposalScope): string[] {
  const problems = checkTarget(action, scope);
  switch (action.type) {
    case 'edit_file': {
      problems.push(...checkPath(action.path));
      const bytes = Buffer.byteLength(action.content, 'utf8');
      if (bytes > MAX_FILE_BYTES) problems.push(`content is ${bytes} bytes, over the ${MAX_FILE_BYTES}-byte cap`);
      // The model saw the file with secrets masked; writing the mask back would destroy them.
      if (action.content.includes(REDACTED))
        problems.push(
          `content contains ${REDACTED}: the file holds secrets that were masked, so it must be edited by hand`,
        );
      break;
    }
    case 'exec':
      if (action.argv.length === 0 || action.argv[0]?.trim() === '')
        problems.push('argv is empty: name the command to run');
      break;
    case 'restart_pod':
      if (scope.workload.kind === 'Pod')
        problems.push('the pod has no controller to recreate it, so restarting it would delete it');
      break;
    case 'patch_workload': {
      const { kind, name } = scope.workload;
      if (kind === 'Pod') problems.push('the incident is about a bare pod: there is no workload to patch');
      if (action.kind !== undefined && action.kind !== kind)
        problems.push(`kind "${action.kind}" is not the incident's workload kind "${kind}"`);
      if (action.name !== undefined && action.name !== name)
        problems.push(`workload "${action.name}" is not the incident's workload "${name}"`);
      problems.push(...checkPatchShape(action.patch, scope));
      break;
    }
    case 'edit_repo_file':
      problems.push(...checkRepoEdit(action, scope));
      break;
  }
  return problems;
}

/**
 * Terminal escapes, other control characters and bidi overrides. Every place a person reads a proposal strips
 * them, so they would be applied unseen: a diff that hides what it writes is refused instead.
 */
const HIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

const hides = (value: unknown): boolean =>
  typeof value === 'string'
    ? HIDDEN.test(value)
    : typeof value === 'object' && value !== null && Object.entries(value).some(([k, v]) => HIDDEN.test(k) || hides(v));

function hiddenCharacters(proposal: Proposal): string[] {
  const fields: Array<[string, unknown]> = [
    ['summary.rootCause', proposal.summary.rootCause],
    ...proposal.actions.map((a, i): [string, unknown] => [`action ${i + 1} (${a.type})`, a]),
  ];
  return fields
    .filter(([, value]) => hides(value))
    .map(
      ([where]) =>
        `${where}: contains control characters or bidi overrides (terminal escapes, NUL, U+202E…) that a reviewer would not see`,
    );
}

/** Reasons the proposal is refused, in words; an empty list means it is acceptable. */
export function checkProposal(proposal: Proposal, scope: ProposalScope): string[] {
  return [
    ...proposal.actions.flatMap((action, i) =>
      checkAction(action, scope).map((p) => `action ${i + 1} (${action.type}): ${p}`),
    ),
    ...checkMixing(proposal),
    ...hiddenCharacters(proposal),
  ];
}
