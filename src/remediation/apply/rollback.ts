// Rolling an applied proposal back from its records: files get their previous content, patched workloads their
// previous spec, newest action first. exec and restart_pod cannot be undone, and the result says so.
import { describeError } from '../../errors.js';
import { KubeApiError, type KubeClient } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import { readContainerFile, removeContainerFile, writeContainerFile } from './container-file.js';
import { specRestore } from './restore-spec.js';
import type { ActionRecord, ActionRecorder, RollbackOutcome, RollbackResult, RollbackStatus } from './types.js';

export interface RollbackInput {
  kube: KubeClient;
  recorder: ActionRecorder;
  proposalId: number;
  logger: Logger;
  now?: () => Date;
}

type Undo = { status: RollbackStatus; detail: string };

async function podUid(kube: KubeClient, namespace: string, name: string): Promise<string | undefined> {
  try {
    return ((await kube.getPod(namespace, name)) as { metadata?: { uid?: string } }).metadata?.uid;
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return undefined;
    throw err;
  }
}

async function undoFile(kube: KubeClient, r: ActionRecord): Promise<Undo> {
  const { namespace, pod = '', container = '', path = '' } = r.target;
  if (r.before?.type !== 'file' || r.after?.type !== 'file')
    return { status: 'failed', detail: 'the record lacks the previous content, so the file cannot be restored' };
  const uid = await podUid(kube, namespace, pod);
  if (uid === undefined)
    return { status: 'rolled_back', detail: `pod ${pod} is gone, and the edit of ${path} with it` };
  const ref = { namespace, pod, container, path };
  const now = await readContainerFile(kube, ref);
  if (now.sha256 === r.before.sha256)
    return { status: 'rolled_back', detail: `${path} in ${pod}/${container} already holds its previous content` };
  // A replacement pod usually starts from the image; the edit survives only on a volume, where it reads back as written.
  if (now.sha256 !== r.after.sha256) {
    if (uid !== r.target.podUid)
      return { status: 'rolled_back', detail: `pod ${pod} was replaced, and the edit of ${path} went with it` };
    return {
      status: 'failed',
      detail: `${path} in ${pod}/${container} changed since the fix; it was not restored, so that change is kept`,
    };
  }
  if (r.before.content === null) {
    await removeContainerFile(kube, ref);
    return { status: 'rolled_back', detail: `removed ${path} from ${pod}/${container}, which the fix had created` };
  }
  await writeContainerFile(kube, ref, r.before.content);
  return { status: 'rolled_back', detail: `restored the previous ${path} in ${pod}/${container}` };
}

async function undoPatch(kube: KubeClient, r: ActionRecord): Promise<Undo> {
  const { namespace, kind, name = '' } = r.target;
  if (!kind || r.before?.type !== 'spec' || r.after?.type !== 'spec')
    return { status: 'failed', detail: 'the record lacks the previous spec, so it cannot be restored' };
  const label = `${kind.toLowerCase()}/${name}`;
  const current = await kube.getWorkload(kind, namespace, name);
  const plan = specRestore(r.before.spec, r.after.spec, current);
  if (plan.kind === 'done') return { status: 'rolled_back', detail: `${label} already has its previous spec` };
  if (plan.kind === 'conflict')
    return {
      status: 'failed',
      detail: `${label} changed since the fix (${plan.fields.join(', ')}); it was not restored, so that change is kept`,
    };
  await kube.patchWorkload({ kind, namespace, name }, plan.ops, { dryRun: false, type: 'json' });
  return { status: 'rolled_back', detail: `restored the previous ${plan.fields.join(', ')} of ${label}` };
}

async function undo(kube: KubeClient, r: ActionRecord): Promise<Undo> {
  if (r.status === 'rolled_back') return { status: 'rolled_back', detail: 'already rolled back' };
  if (r.status === 'skipped') return { status: 'nothing_to_do', detail: 'never ran' };
  if (r.status === 'failed') {
    // A failed write may have landed anyway (a timeout after the rename); restore only if the file shows it.
    if (r.kind !== 'edit_file' || r.before?.type !== 'file' || r.after?.type !== 'file')
      return { status: 'nothing_to_do', detail: 'it failed, so there is nothing to undo' };
    const u = await undoFile(kube, r);
    return u.status === 'failed'
      ? { status: 'nothing_to_do', detail: 'it failed and the file does not hold its content' }
      : u;
  }
  switch (r.kind) {
    case 'edit_file':
      return undoFile(kube, r);
    case 'patch_workload':
      return undoPatch(kube, r);
    case 'exec':
      return { status: 'irreversible', detail: `a command cannot be undone (${r.detail})` };
    case 'edit_repo_file':
      return { status: 'nothing_to_do', detail: 'a repository edit is never applied to the cluster' };
    case 'restart_pod':
      return {
        status: 'irreversible',
        detail: `a deleted pod cannot be brought back; its controller replaced it (${r.detail})`,
      };
  }
}

/** Rolls back every applied action of a proposal that can be; continues past a failed restore and reports it. */
export async function rollbackProposal(input: RollbackInput): Promise<RollbackOutcome> {
  const { kube, recorder, proposalId } = input;
  const now = input.now ?? (() => new Date());
  const log = input.logger.child({ proposalId });
  const records = [...(await recorder.list(proposalId))].sort((a, b) => b.seq - a.seq);
  const results: RollbackResult[] = [];
  for (const r of records) {
    let u: Undo;
    try {
      u = await undo(kube, r);
    } catch (err) {
      u = { status: 'failed', detail: describeError(err) };
    }
    if (u.status === 'rolled_back' && r.status !== 'rolled_back') {
      await recorder.mark(proposalId, r.seq, { status: 'rolled_back', detail: u.detail, at: now().toISOString() });
    }
    if (u.status === 'failed') log.warn({ seq: r.seq, kind: r.kind, reason: u.detail }, 'rollback of an action failed');
    results.push({ seq: r.seq, kind: r.kind, target: r.target, status: u.status, detail: u.detail });
  }
  results.reverse();
  const failed = results.filter((r) => r.status === 'failed');
  if (records.length === 0)
    return {
      status: 'rollback_failed',
      results,
      reason: `nothing is recorded for proposal ${proposalId}, so there is nothing to roll back`,
    };
  if (failed.length > 0)
    return {
      status: 'rollback_failed',
      results,
      reason: failed.map((r) => `action ${r.seq} (${r.kind}): ${r.detail}`).join('; '),
    };
  log.info({ actions: results.length }, 'proposal rolled back');
  return { status: 'rolled_back', results };
}
