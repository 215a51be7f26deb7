// What a proposal for an incident may touch: its namespace, workload and current pods, plus the workload's
// containers and service account read from the live object.
import type { Logger } from '../logger.js';
import { podTemplateFacts } from './claude/describe.js';
import type { PlannerIncident, PlannerKube } from './claude/types.js';
import type { ProposalScope } from './proposal/check.js';

export async function proposalScope(
  incident: PlannerIncident,
  kube: Pick<PlannerKube, 'getPod' | 'getWorkload'>,
  logger: Logger,
): Promise<ProposalScope> {
  const scope: ProposalScope = {
    namespace: incident.namespace,
    workload: { kind: incident.workloadKind, name: incident.workloadName },
    pods: incident.pods.map((p) => p.name),
  };
  try {
    const obj =
      incident.workloadKind === 'Pod'
        ? await kube.getPod(incident.namespace, incident.workloadName)
        : await kube.getWorkload(incident.workloadKind, incident.namespace, incident.workloadName);
    return { ...scope, ...podTemplateFacts(obj) };
  } catch (err) {
    // Without them the checks fail closed: any container name is accepted by the API anyway, and any
    // service account in a patch is refused.
    logger.warn({ incidentId: incident.id, err }, 'cannot read the workload for the proposal scope');
    return scope;
  }
}
