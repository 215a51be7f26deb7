// OOMKilled → raise the container's memory limit on its workload by a factor, up to a cap.
import type { WorkloadKind } from '../../core/index.js';
import { describeError } from '../../errors.js';
import type { Proposal } from '../proposal/schema.js';
import { formatMemory, MI, parseMemory } from './quantity.js';
import { containerPatch, findContainer, stringAt } from './template.js';
import type { RunbookInput, RunbookResult } from './types.js';

const RUNBOOK = 'oom-memory' as const;
const PATCHABLE: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob'];

const noFix = (explanation: string): RunbookResult => ({ outcome: 'no_fix', runbook: RUNBOOK, explanation });

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
  const limit = limitText === undefined ? undefined : parseMemory(limitText);
  if (limitText === undefined || limit === undefined) {
    return noFix(
      `Container "${name}" has no memory limit, so it was killed because its node ran out of memory, not by its own limit; a limit or a bigger node is a decision for a person.`,
    );
  }
  const cap = parseMemory(settings.oomMemoryCap);
  if (cap === undefined)
    return {
      outcome: 'failed',
      runbook: RUNBOOK,
      reason: `the configured memory cap "${settings.oomMemoryCap}" is not a quantity`,
    };
  if (limit >= cap) {
    return noFix(
      `Container "${name}" already has a ${limitText} memory limit, at or above the ${settings.oomMemoryCap} cap of the OOM runbook; it needs less memory, or a person must allow more (CLOPUS_OOM_MEMORY_CAP).`,
    );
  }

  const raised = Math.min(cap, Math.ceil((limit * settings.oomMemoryFactor) / MI) * MI);
  const newLimit = formatMemory(raised);
  const requestText = stringAt(found.container, ['resources', 'requests', 'memory']);
  const request = requestText === undefined ? undefined : parseMemory(requestText);
  // A request equal to the limit is a choice (Guaranteed QoS); keep it by raising the request with the limit.
  const raiseRequest = request !== undefined && request >= limit;
  const resources = { limits: { memory: newLimit }, ...(raiseRequest ? { requests: { memory: newLimit } } : {}) };
  const capped = raised === cap ? `, capped at ${settings.oomMemoryCap}` : '';
  const proposal: Proposal = {
    summary: {
      rootCause: `Container "${name}" was OOMKilled: it needed more memory than its ${limitText} limit. Raising the limit lets it run; if the usage keeps growing it is a leak to fix in the code.`,
      confidence: 'medium',
      risk: 'low',
    },
    actions: [
      {
        type: 'patch_workload',
        reason: `Raise ${name}'s memory limit from ${limitText} to ${newLimit} (x${settings.oomMemoryFactor}${capped})${raiseRequest ? ', and its request with it' : ''}`,
        namespace: incident.namespace,
        kind,
        name: incident.workloadName,
        patch: containerPatch(kind, found.list, name, { resources }),
      },
    ],
  };
  return { outcome: 'proposed', runbook: RUNBOOK, proposal };
}
