// ImagePullBackOff right after a rollout → set the container's image back to the previous ReplicaSet's.
import { describeError } from '../../errors.js';
import type { Proposal } from '../proposal/schema.js';
import { containerPatch, findContainer, isObj, stringAt } from './template.js';
import type { RunbookInput, RunbookResult } from './types.js';

const RUNBOOK = 'image-rollback' as const;
const REVISION = 'deployment.kubernetes.io/revision';

interface Revision {
  revision: number;
  name: string;
  image: string | undefined;
}

function revisionOf(obj: unknown): number {
  const value =
    isObj(obj) && isObj(obj.metadata) && isObj(obj.metadata.annotations)
      ? obj.metadata.annotations[REVISION]
      : undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

function ownedBy(obj: unknown, uid: string | undefined): boolean {
  const refs =
    isObj(obj) && isObj(obj.metadata) && Array.isArray(obj.metadata.ownerReferences)
      ? obj.metadata.ownerReferences
      : [];
  return refs.some(
    (r) => isObj(r) && r.controller === true && r.kind === 'Deployment' && (uid === undefined || r.uid === uid),
  );
}

/** The Deployment's ReplicaSets, newest revision first, with the image each ran for `container`. */
function revisions(sets: unknown[], uid: string | undefined, container: string): Revision[] {
  return sets
    .filter((rs) => ownedBy(rs, uid))
    .map((rs) => ({
      revision: revisionOf(rs),
      name: stringAt(rs, ['metadata', 'name']) ?? '?',
      image: stringAt(findContainer('ReplicaSet', rs, container)?.container, ['image']),
    }))
    .sort((a, b) => b.revision - a.revision);
}

export async function imageRollbackRunbook(input: RunbookInput): Promise<RunbookResult> {
  const { incident } = input;
  const name = incident.container;
  if (incident.workloadKind !== 'Deployment' || !name) {
    return {
      outcome: 'not_applicable',
      explanation: 'The image rollback runbook only rolls back a container of a Deployment.',
    };
  }
  let deploy: unknown;
  let sets: unknown[];
  try {
    deploy = await input.kube.getWorkload('Deployment', incident.namespace, incident.workloadName);
    const selector =
      isObj(deploy) && isObj(deploy.spec) && isObj(deploy.spec.selector) && isObj(deploy.spec.selector.matchLabels)
        ? deploy.spec.selector.matchLabels
        : {};
    sets = await input.kube.listReplicaSets(incident.namespace, selector as Record<string, string>);
  } catch (err) {
    return {
      outcome: 'failed',
      runbook: RUNBOOK,
      reason: `cannot read Deployment ${incident.namespace}/${incident.workloadName} and its ReplicaSets: ${describeError(err)}`,
    };
  }
  const current = findContainer('Deployment', deploy, name);
  const image = stringAt(current?.container, ['image']);
  if (!current || !image)
    return { outcome: 'not_applicable', explanation: `Container "${name}" is not in the Deployment's pod template.` };
  const revision = revisionOf(deploy);
  const previous = revisions(sets, stringAt(deploy, ['metadata', 'uid']), name).find(
    (r) => r.revision > 0 && r.revision < revision && r.image !== undefined,
  );
  if (!previous?.image) {
    return {
      outcome: 'not_applicable',
      explanation: `Deployment ${incident.workloadName} has no earlier revision to roll back to, so the image was not changed by a rollout.`,
    };
  }
  if (previous.image === image) {
    return {
      outcome: 'not_applicable',
      explanation: `The last rollout did not change the image of container "${name}" (${image}), so rolling back would not help.`,
    };
  }
  const proposal: Proposal = {
    summary: {
      rootCause: `Revision ${revision} of Deployment ${incident.workloadName} changed container "${name}" to image "${image}", which cannot be pulled. Revision ${previous.revision} ran "${previous.image}".`,
      confidence: 'high',
      risk: 'low',
    },
    actions: [
      {
        type: 'patch_workload',
        reason:
          `Roll ${name} back to ${previous.image}, the image of revision ${previous.revision} (ReplicaSet ${previous.name})`.slice(
            0,
            300,
          ),
        namespace: incident.namespace,
        kind: 'Deployment',
        name: incident.workloadName,
        patch: containerPatch('Deployment', current.list, name, { image: previous.image }),
      },
    ],
  };
  return { outcome: 'proposed', runbook: RUNBOOK, proposal };
}
