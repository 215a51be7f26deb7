// OOMKilled → raise the container's memory limit on its workload by a factor, up to a cap. A workload deployed
// from a GitOps repository gets the same limit as an edit of its manifest instead (oom-repo.ts).
import type { WorkloadKind } from '../../core/index.js';
import { describeError } from '../../errors.js';
import type { Proposal } from '../proposal/schema.js';
import { oomRepoRunbook } from './oom-repo.js';
import { oomNoFix as noFix, OOM_RUNBOOK as RUNBOOK, sizeMemory } from './oom-size.js';
import { requestedMemory } from './revision.js';
import { containerPatch, findContainer, stringAt } from './template.js';
import type { RunbookInput, RunbookResult } from './types.js';

const PATCHABLE: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob'];

/** The limit a pod of the incident actually runs with, e.g. a LimitRange default the template does not state. */
async function podLimit(input: RunbookInput, container: string): Promise<string | undefined> {
  const pod = input.incident.pods[0];
  if (!pod) return undefined;
  try {
    const found = findContainer('Pod', await input.kube.getPod(input.incident.namespace, pod.name), container);
    return stringAt(found?.container, ['resources', 'limits', 'memory']);
  } catch {
    return undefined;
  }
}

export async function oomRunbook(input: RunbookInput): Promise<RunbookResult> {
  const { incident, settings } = input;
  const name = incident.container;
  const kind = incident.workloadKind;
  if (!name) return noFix('The OOM kill is not tied to one container, so there is no limit to raise.');
  if (kind === 'Pod')
    return noFix(
      `Pod ${incident.workloadName} has no controller, so its memory limit can only change by recreating it by hand.`,
    );
  if (!PATCHABLE.includes(kind))
    return noFix(
      `A ${kind}'s pod template cannot be changed in place; raise the memory limit of container "${name}" where the ${kind} is created.`,
    );
  if (input.repo) return oomRepoRunbook(input, input.repo, name, () => podLimit(input, name));

  let workload: unknown;
  try {
    workload = await input.kube.getWorkload(kind, incident.namespace, incident.workloadName);
  } catch (err) {
    return {
      outcome: 'failed',
      runbook: RUNBOOK,
      reason: `cannot read ${kind} ${incident.namespace}/${incident.workloadName}: ${describeError(err)}`,
    };
  }
  const found = findContainer(kind, workload, name);
  if (!found) return noFix(`Container "${name}" is not in the ${kind}'s pod template, so the runbook cannot size it.`);

  const templateLimit = stringAt(found.container, ['resources', 'limits', 'memory']);
  const limitText = templateLimit ?? (await podLimit(input, name));
  const requestText = stringAt(found.container, ['resources', 'requests', 'memory']);
  const requested = input.revision ? requestedMemory(incident, input.revision) : undefined;
  const sizing = sizeMemory(name, limitText, requestText, settings, requested);
  if ('result' in sizing) return sizing.result;
  const { newLimit, raiseRequest } = sizing;
  const resources = { limits: { memory: newLimit }, ...(raiseRequest ? { requests: { memory: newLimit } } : {}) };
  const proposal: Proposal = {
    summary: { rootCause: sizing.rootCause, confidence: 'medium', risk: 'low' },
    actions: [
      {
        type: 'patch_workload',
        reason: sizing.reason,
        namespace: incident.namespace,
        kind,
        name: incident.workloadName,
        patch: containerPatch(kind, found.list, name, { resources }),
      },
    ],
  };
  return { outcome: 'proposed', runbook: RUNBOOK, proposal };
}
