// Server-side printers for pods and workloads (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, …).
import { since } from './duration.js';
import {
  AGE,
  col,
  formatSelector,
  NAME,
  none,
  type Printer,
  TEMPLATE_COLUMNS,
  templateCells,
} from './printer-columns.js';
import type { Fields, KubeObject } from './types.js';

/** Port of printPod: the STATUS reason and the RESTARTS "n (age ago)" as kubectl shows them. */
export function podSummary(pod: KubeObject, now: number): { ready: string; status: string; restarts: string } {
  const status: Fields = pod.status ?? {};
  const statuses = (status.containerStatuses ?? []) as Fields[];
  const total = ((pod.spec?.containers ?? []) as unknown[]).length;
  let reason: string = status.reason || status.phase || 'Unknown';
  let restarts = 0;
  let readyCount = 0;
  let lastRestart = 0;
  let initializing = false;
  const inits = (status.initContainerStatuses ?? []) as Fields[];
  inits.forEach((c, i) => {
    restarts += Number(c.restartCount ?? 0);
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) return;
    if (c.state?.running && c.started) return;
    if (initializing) return;
    initializing = true;
    if (term) reason = term.reason ? `Init:${term.reason}` : `Init:ExitCode:${term.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
  });
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] ?? {};
      restarts += Number(c.restartCount ?? 0);
      const finished = c.lastState?.terminated?.finishedAt;
      if (finished) lastRestart = Math.max(lastRestart, Date.parse(finished));
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated)
        reason = c.state.terminated.signal
          ? `Signal:${c.state.terminated.signal}`
          : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyCount += 1;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = ((status.conditions ?? []) as Fields[]).find((c) => c.type === 'Ready');
      reason = readyCond?.status === 'True' ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartText =
    restarts !== 0 && lastRestart > 0
      ? `${restarts} (${since(new Date(lastRestart).toISOString(), now)} ago)`
      : String(restarts);
  return { ready: `${readyCount}/${total}`, status: reason, restarts: restartText };
}

function jobStatus(job: KubeObject): string {
  const conds = (job.status?.conditions ?? []) as Fields[];
  const is = (t: string): boolean => conds.some((c) => c.type === t && c.status === 'True');
  if (is('Complete')) return 'Complete';
  if (is('Failed')) return 'Failed';
  if (job.spec?.suspend) return 'Suspended';
  return 'Running';
}

export const WORKLOAD_PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [
      NAME,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      AGE,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    cells: (o, now) => {
      const s = podSummary(o, now);
      return [
        o.metadata.name,
        s.ready,
        s.status,
        s.restarts,
        since(o.metadata.creationTimestamp, now),
        none(o.status?.podIP),
        none(o.spec?.nodeName),
        none(o.status?.nominatedNodeName),
        '<none>',
      ];
    },
  },
  Deployment: {
    columns: [NAME, col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), AGE, ...TEMPLATE_COLUMNS],
    cells: (o, now) => [
      o.metadata.name,
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
      o.status?.updatedReplicas ?? 0,
      o.status?.availableReplicas ?? 0,
      since(o.metadata.creationTimestamp, now),
      ...templateCells(o.spec, o.spec?.selector),
    ],
  },
  ReplicaSet: {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      AGE,
      ...TEMPLATE_COLUMNS,
    ],
    cells: (o, now) => [
      o.metadata.name,
      o.spec?.replicas ?? 1,
      o.status?.replicas ?? 0,
      o.status?.readyReplicas ?? 0,
      since(o.metadata.creationTimestamp, now),
      ...templateCells(o.spec, o.spec?.selector),
    ],
  },
  StatefulSet: {
    columns: [NAME, col('Ready'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1)],
    cells: (o, now) => [
      o.metadata.name,
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
      since(o.metadata.creationTimestamp, now),
      ...templateCells(o.spec, undefined).slice(0, 2),
    ],
  },
  DaemonSet: {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      col('Node Selector'),
      AGE,
      ...TEMPLATE_COLUMNS,
    ],
    cells: (o, now) => {
      const s: Fields = o.status ?? {};
      return [
        o.metadata.name,
        s.desiredNumberScheduled ?? 0,
        s.currentNumberScheduled ?? 0,
        s.numberReady ?? 0,
        s.updatedNumberScheduled ?? 0,
        s.numberAvailable ?? 0,
        formatSelector(o.spec?.template?.spec?.nodeSelector),
        since(o.metadata.creationTimestamp, now),
        ...templateCells(o.spec, o.spec?.selector),
      ];
    },
  },
  ControllerRevision: {
    columns: [NAME, col('Controller'), col('Revision', 'integer'), AGE],
    cells: (o, now) => {
      const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
      const controller = ref ? `${ref.kind.toLowerCase()}.${ref.apiVersion.split('/')[0]}/${ref.name}` : '<none>';
      return [o.metadata.name, controller, o.revision ?? 0, since(o.metadata.creationTimestamp, now)];
    },
  },
  Job: {
    columns: [NAME, col('Status'), col('Completions'), col('Duration'), AGE, ...TEMPLATE_COLUMNS],
    cells: (o, now) => {
      const start = o.status?.startTime as string | undefined;
      const end = o.status?.completionTime ? Date.parse(o.status.completionTime) : now;
      const duration = start ? since(start, end) : '';
      return [
        o.metadata.name,
        jobStatus(o),
        `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`,
        duration,
        since(o.metadata.creationTimestamp, now),
        ...templateCells(o.spec, o.spec?.selector),
      ];
    },
  },
  CronJob: {
    columns: [
      NAME,
      col('Schedule'),
      col('Timezone'),
      col('Suspend'),
      col('Active', 'integer'),
      col('Last Schedule'),
      AGE,
      ...TEMPLATE_COLUMNS,
    ],
    cells: (o, now) => [
      o.metadata.name,
      o.spec?.schedule ?? '',
      none(o.spec?.timeZone),
      o.spec?.suspend ? 'True' : 'False',
      ((o.status?.active ?? []) as unknown[]).length,
      o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : '<none>',
      since(o.metadata.creationTimestamp, now),
      ...templateCells(o.spec?.jobTemplate?.spec, undefined),
    ],
  },
};
