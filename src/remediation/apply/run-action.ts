// Running one proposal action against the cluster, noting what was there before so it can be undone.
import { describeError } from '../../errors.js';
import type { KubeClient } from '../../kube/index.js';
import type {
  EditFileAction,
  ExecAction,
  PatchWorkloadAction,
  ProposalAction,
  RestartPodAction,
} from '../../planner/index.js';
import { sanitize } from '../../redact/index.js';
import { readContainerFile, sha256, writeContainerFile } from './container-file.js';
import { deletePod } from './delete-pod.js';
import { maskSpec } from './secret-env.js';
import type { ActionAfter, ActionBefore, ActionTarget, ApplyIncident } from './types.js';

export interface ActionContext {
  kube: KubeClient;
  incident: ApplyIncident;
  /** Pod name → the UID the re-check confirmed. */
  podUids: Record<string, string>;
  execTimeoutMs: number;
}

export type ActionRun =
  | { ok: true; before: ActionBefore | null; after: ActionAfter; detail: string }
  /** `after` on a failure is what the action meant to leave, when known: rollback uses it if the change landed anyway. */
  | { ok: false; before: ActionBefore | null; after?: ActionAfter; reason: string };

const EXEC_OUTPUT_BYTES = 64 * 1024;
/** What of an exec's output is kept in the record: the end, redacted. */
const KEPT_OUTPUT_CHARS = 2000;

export function targetOf(action: ProposalAction, ctx: Pick<ActionContext, 'incident' | 'podUids'>): ActionTarget {
  const { namespace, workloadKind, workloadName } = ctx.incident;
  const pod =
    'pod' in action ? { pod: action.pod, ...(ctx.podUids[action.pod] ? { podUid: ctx.podUids[action.pod] } : {}) } : {};
  switch (action.type) {
    case 'edit_file':
      return { namespace, ...pod, container: action.container, path: action.path };
    case 'exec':
      return { namespace, ...pod, container: action.container };
    case 'restart_pod':
      return { namespace, ...pod };
    case 'patch_workload':
    case 'edit_repo_file':
      return { namespace, kind: workloadKind, name: workloadName };
  }
}

async function editFile(a: EditFileAction, ctx: ActionContext): Promise<ActionRun> {
  const ref = { namespace: ctx.incident.namespace, pod: a.pod, container: a.container, path: a.path };
  let before: ActionBefore | null = null;
  try {
    // Read again right before writing: an earlier action in the same proposal may have changed the file.
    const old = await readContainerFile(ctx.kube, ref);
    before = { type: 'file', content: old.content, sha256: old.sha256 };
    const sha256 = await writeContainerFile(ctx.kube, ref, a.content);
    return {
      ok: true,
      before,
      after: { type: 'file', sha256 },
      detail: `wrote ${a.path} (${Buffer.byteLength(a.content)} bytes) in ${a.pod}/${a.container}`,
    };
  } catch (err) {
    // A write that timed out may still have landed; the intended hash lets rollback tell.
    return { ok: false, before, after: { type: 'file', sha256: sha256(a.content) }, reason: describeError(err) };
  }
}

async function exec(a: ExecAction, ctx: ActionContext): Promise<ActionRun> {
  const shown = a.argv.join(' ');
  let r: Awaited<ReturnType<ActionContext['kube']['exec']>>;
  try {
    r = await ctx.kube.exec({
      namespace: ctx.incident.namespace,
      pod: a.pod,
      container: a.container,
      argv: a.argv,
      timeoutMs: ctx.execTimeoutMs,
      maxOutputBytes: EXEC_OUTPUT_BYTES,
    });
  } catch (err) {
    const message = describeError(err);
    if (/executable file not found|OCI runtime exec failed/i.test(message))
      return {
        ok: false,
        before: null,
        reason: `container ${a.container} has no ${a.argv[0]}; the command "${shown}" cannot run there`,
      };
    return { ok: false, before: null, reason: `"${shown}" in ${a.pod}/${a.container} failed: ${message}` };
  }
  const output = sanitize(`${r.stdout}${r.stderr}`, KEPT_OUTPUT_CHARS).text;
  if (r.exitCode !== 0) {
    const last =
      sanitize(r.stderr || r.stdout, 300)
        .text.trim()
        .split('\n')
        .pop() ?? '';
    return {
      ok: false,
      before: null,
      reason: `"${shown}" in ${a.pod}/${a.container} exited with code ${r.exitCode}${last ? `: ${last}` : ''}`,
    };
  }
  return {
    ok: true,
    before: null,
    after: { type: 'exec', exitCode: 0, output },
    detail: `ran "${shown}" in ${a.pod}/${a.container}`,
  };
}

async function restartPod(a: RestartPodAction, ctx: ActionContext): Promise<ActionRun> {
  const uid = ctx.podUids[a.pod] ?? '';
  const before: ActionBefore = { type: 'pod', uid };
  try {
    const deleted = await deletePod(ctx.kube, ctx.incident.namespace, a.pod, uid);
    return {
      ok: true,
      before,
      after: { type: 'pod-deleted', uid },
      detail: deleted ? `deleted pod ${a.pod}; its controller recreates it` : `pod ${a.pod} was already gone`,
    };
  } catch (err) {
    return { ok: false, before, reason: describeError(err) };
  }
}

async function patchWorkload(a: PatchWorkloadAction, ctx: ActionContext): Promise<ActionRun> {
  const { namespace, workloadKind: kind, workloadName: name } = ctx.incident;
  let before: ActionBefore | null = null;
  try {
    const current = await ctx.kube.getWorkload(kind, namespace, name);
    // The record keeps no secret env values; rollback takes them from the live workload.
    before = {
      type: 'spec',
      spec: maskSpec(current.spec ?? {}),
      ...(current.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}),
    };
    // The resourceVersion makes the patch conditional: if anyone wrote in between, the recorded "before" would be
    // wrong, so the API server refuses (409) instead.
    const metadata = {
      ...(a.patch.metadata as Record<string, unknown> | undefined),
      resourceVersion: current.metadata.resourceVersion,
    };
    const patched = await ctx.kube.patchWorkload(
      { kind, namespace, name },
      { ...a.patch, metadata },
      { dryRun: false },
    );
    const generation = patched.metadata.generation;
    return {
      ok: true,
      before,
      after: { type: 'spec', spec: maskSpec(patched.spec ?? {}), ...(generation !== undefined ? { generation } : {}) },
      detail: `patched ${kind.toLowerCase()}/${name}`,
    };
  } catch (err) {
    return { ok: false, before, reason: describeError(err) };
  }
}

export function runAction(action: ProposalAction, ctx: ActionContext): Promise<ActionRun> {
  switch (action.type) {
    case 'edit_file':
      return editFile(action, ctx);
    case 'exec':
      return exec(action, ctx);
    case 'restart_pod':
      return restartPod(action, ctx);
    case 'patch_workload':
      return patchWorkload(action, ctx);
    case 'edit_repo_file':
      // The GitOps controller would revert a live write; this edit is delivered as a pull request instead.
      return Promise.resolve({
        ok: false,
        before: null,
        reason: `edit_repo_file changes ${action.path} in the workload's GitOps repository and is never applied to the cluster; it is delivered as a pull request`,
      });
  }
}
