// The pod a Job's controller creates and the statuses a kubelet reports for it: scheduled and creating, waiting
// (image pull back-off, config error), running, terminated. Each write is one stored update, so watches see it.
import { randomBytes } from 'node:crypto';
import type { ClusterState } from '../cluster-state.js';
import { condition, containerId, fullImage, imageId, NODES, ownerRef } from '../pod-factory.js';
import { qosClass } from '../qos.js';
import { type Fields, type KubeObject, timestamp } from '../types.js';

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
let podCounter = 0;

export function controllerLabels(job: KubeObject): Record<string, string> {
  const uid = job.metadata.uid ?? '';
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': job.metadata.name,
    'controller-uid': uid,
    'job-name': job.metadata.name,
  };
}

function containersOf(pod: KubeObject): Fields[] {
  return (pod.spec?.containers ?? []) as Fields[];
}

function conditions(at: string, ready: boolean, initialized = true): Fields[] {
  const why = ready ? undefined : 'ContainersNotReady';
  return [
    condition('PodReadyToStartContainers', initialized, at),
    condition('Initialized', true, at),
    condition('Ready', ready, at, why),
    condition('ContainersReady', ready, at, why),
    condition('PodScheduled', true, at),
  ];
}

/** The Job's pod, scheduled to a node, its container waiting in ContainerCreating. */
export function createJobPod(cluster: ClusterState, job: KubeObject): KubeObject {
  podCounter += 1;
  const at = timestamp(cluster.now());
  const ns = job.metadata.namespace ?? 'default';
  const tpl = (job.spec?.template ?? {}) as Fields;
  const suffix = Array.from(randomBytes(5), (b) => NAME_CHARS[b % NAME_CHARS.length]).join('');
  const spec: Fields = {
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    serviceAccountName: 'default',
    ...structuredClone(tpl.spec ?? {}),
    nodeName: NODES[podCounter % NODES.length],
  };
  spec.serviceAccount = spec.serviceAccountName;
  const pod = cluster.apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${job.metadata.name}-${suffix}`,
      generateName: `${job.metadata.name}-`,
      namespace: ns,
      labels: { ...(tpl.metadata?.labels as Record<string, string> | undefined), ...controllerLabels(job) },
      ...(tpl.metadata?.annotations ? { annotations: tpl.metadata.annotations as Record<string, string> } : {}),
      ownerReferences: [ownerRef(job)],
    },
    spec,
    status: {
      phase: 'Pending',
      conditions: conditions(at, false, false),
      hostIP: '10.0.0.11',
      startTime: at,
      qosClass: qosClass(spec),
      containerStatuses: containersOf({ spec } as KubeObject).map((c) => ({
        name: c.name,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: false,
        restartCount: 0,
        image: c.image,
        imageID: '',
        started: false,
      })),
    },
  });
  cluster.addEvent(
    ns,
    { kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid ?? '' },
    {
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${ns}/${pod.metadata.name} to ${String(spec.nodeName)}`,
      component: 'default-scheduler',
    },
  );
  return pod;
}

/** Updates the pod if it still exists (it may have been deleted while its process ran); returns whether it did. */
function patchStatus(
  cluster: ClusterState,
  ns: string,
  name: string,
  change: (status: Fields, pod: KubeObject) => void,
): boolean {
  if (!cluster.entry('Pod', ns, name)) return false;
  cluster.updateStatus('Pod', ns, name, (p) => {
    const status: Fields = p.status ?? {};
    change(status, p);
    p.status = status;
  });
  return true;
}

function event(
  cluster: ClusterState,
  pod: KubeObject,
  container: string,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  const ns = pod.metadata.namespace ?? 'default';
  cluster.addEvent(
    ns,
    { kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid ?? '', fieldPath: `spec.containers{${container}}` },
    { type, reason, message },
  );
}

/** A waiting container: ImagePullBackOff, CreateContainerConfigError, ContainerCreating (after FailedMount)… */
export function podWaiting(
  cluster: ClusterState,
  pod: KubeObject,
  container: string,
  reason: string,
  message: string,
): void {
  const ns = pod.metadata.namespace ?? 'default';
  patchStatus(cluster, ns, pod.metadata.name, (status) => {
    for (const s of (status.containerStatuses ?? []) as Fields[])
      if (s.name === container) s.state = { waiting: { reason, ...(message ? { message } : {}) } };
  });
}

export function imagePullFailed(cluster: ClusterState, pod: KubeObject, container: string, image: string): void {
  const ref = fullImage(image);
  event(cluster, pod, container, 'Normal', 'Pulling', `Pulling image "${image}"`);
  event(
    cluster,
    pod,
    container,
    'Warning',
    'Failed',
    `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
  );
  event(cluster, pod, container, 'Warning', 'Failed', 'Error: ErrImagePull');
  podWaiting(
    cluster,
    pod,
    container,
    'ErrImagePull',
    `rpc error: code = NotFound desc = failed to resolve reference "${ref}": ${ref}: not found`,
  );
  event(cluster, pod, container, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
  event(cluster, pod, container, 'Warning', 'Failed', 'Error: ImagePullBackOff');
  podWaiting(cluster, pod, container, 'ImagePullBackOff', `Back-off pulling image "${image}"`);
}

export function podRunning(cluster: ClusterState, pod: KubeObject, container: string): void {
  const ns = pod.metadata.namespace ?? 'default';
  const at = timestamp(cluster.now());
  const image = String(containersOf(pod).find((c) => c.name === container)?.image ?? '');
  event(cluster, pod, container, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
  event(cluster, pod, container, 'Normal', 'Created', `Created container ${container}`);
  event(cluster, pod, container, 'Normal', 'Started', `Started container ${container}`);
  patchStatus(cluster, ns, pod.metadata.name, (status) => {
    status.phase = 'Running';
    status.podIP = `10.244.9.${podCounter & 255}`;
    status.podIPs = [{ ip: status.podIP }];
    status.conditions = conditions(at, true);
    for (const s of (status.containerStatuses ?? []) as Fields[]) {
      if (s.name !== container) continue;
      Object.assign(s, {
        state: { running: { startedAt: at } },
        ready: true,
        started: true,
        image: fullImage(image),
        imageID: imageId(image),
        containerID: containerId(`${ns}/${pod.metadata.name}/${container}`),
      });
    }
  });
}

/** The container ended: Succeeded on exit 0, Failed otherwise, with the runtime's terminated state. */
export function podTerminated(
  cluster: ClusterState,
  pod: KubeObject,
  container: string,
  end: { exitCode: number; reason: string; message?: string },
): void {
  const ns = pod.metadata.namespace ?? 'default';
  const at = timestamp(cluster.now());
  patchStatus(cluster, ns, pod.metadata.name, (status) => {
    status.phase = end.exitCode === 0 ? 'Succeeded' : 'Failed';
    status.conditions = conditions(at, false).map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, reason: 'PodCompleted' } : c,
    );
    for (const s of (status.containerStatuses ?? []) as Fields[]) {
      if (s.name !== container) continue;
      const startedAt = s.state?.running?.startedAt ?? at;
      s.state = {
        terminated: {
          exitCode: end.exitCode,
          reason: end.reason,
          ...(end.message ? { message: end.message } : {}),
          startedAt,
          finishedAt: at,
          ...(s.containerID ? { containerID: s.containerID } : {}),
        },
      };
      s.ready = false;
      s.started = false;
    }
  });
}
