// The proposal scope as the cluster has it now: the incident's pods plus the workload's current containers and
// service account, so the apply-time check judges against what is live, not what was live at planning.
import type { KubeClient } from '../../kube/index.js';
import type { ProposalScope } from '../../planner/index.js';
import type { ApplyIncident } from './types.js';

interface PodSpecLike {
  containers?: Array<{ name?: string }>;
  initContainers?: Array<{ name?: string }>;
  serviceAccountName?: string;
}

/** The pod template of a workload object (CronJobs nest it one level deeper). */
export function podTemplateSpec(kind: string, spec: Record<string, unknown> | undefined): PodSpecLike | undefined {
  const template =
    kind === 'CronJob'
      ? (spec?.jobTemplate as { spec?: { template?: { spec?: PodSpecLike } } } | undefined)?.spec?.template
      : (spec?.template as { spec?: PodSpecLike } | undefined);
  return template?.spec;
}

export async function liveScope(kube: KubeClient, incident: ApplyIncident): Promise<ProposalScope> {
  const { namespace, workloadKind: kind, workloadName: name } = incident;
  const podSpec =
    kind === 'Pod'
      ? ((await kube.getPod(namespace, name)) as { spec?: PodSpecLike }).spec
      : podTemplateSpec(kind, (await kube.getWorkload(kind, namespace, name)).spec);
  const containers = [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]
    .map((c) => c.name)
    .filter((n): n is string => !!n);
  return {
    namespace,
    workload: { kind, name },
    pods: incident.pods.map((p) => p.name),
    ...(containers.length > 0 ? { containers } : {}),
    ...(podSpec?.serviceAccountName ? { serviceAccountName: podSpec.serviceAccountName } : {}),
  };
}
