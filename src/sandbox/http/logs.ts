// GET …/pods/{name}/log: the kubelet's choice of which container instance to read, and its errors.
import type { ServerResponse } from 'node:http';
import type { ContainerLogs } from '../container-data.js';
import type { ResourceDef } from '../kinds.js';
import type { KubeObject } from '../types.js';
import type { ResourceRequest, ServerContext } from './context.js';
import { containerStatus, pickContainer } from './pod-containers.js';
import { StatusError } from './status.js';

/** Port of the kubelet's validateContainerLogStatus: which log (current or previous) a request reads. */
function selectLog(pod: KubeObject, container: string, previous: boolean, logs: ContainerLogs): string {
  const podName = pod.metadata.name;
  const status = containerStatus(pod, container);
  const state = status?.state ?? {};
  const last = status?.lastState?.terminated;
  if (previous) {
    if (!last)
      throw StatusError.badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return logs.previous ?? '';
  }
  if (state.running) return logs.current ?? '';
  if (state.terminated) return logs.current ?? logs.previous ?? '';
  // Waiting after a crash: the kubelet serves the last terminated instance.
  if (last) return logs.previous ?? logs.current ?? '';
  const reason = state.waiting?.reason ?? 'ContainerCreating';
  const why =
    reason === 'ErrImagePull'
      ? "image can't be pulled"
      : reason === 'ImagePullBackOff'
        ? 'trying and failing to pull image'
        : reason;
  throw StatusError.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${why}`);
}

function shape(text: string, query: URLSearchParams, started: number): string {
  let out = text;
  const tail = query.get('tailLines');
  if (tail !== null && /^\d+$/.test(tail)) {
    const lines = out.split('\n');
    const trailing = out.endsWith('\n');
    if (trailing) lines.pop();
    const kept = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
    out = kept.join('\n') + (trailing && kept.length ? '\n' : '');
  }
  if (query.get('timestamps') === 'true') {
    // Lines carry no real times here: spread them a millisecond apart from the container's start.
    out = out.replace(/^(?=.)/gm, () => `${new Date(started++).toISOString().replace('Z', '000000Z')} `);
  }
  const limit = query.get('limitBytes');
  if (limit !== null && /^\d+$/.test(limit)) out = Buffer.from(out).subarray(0, Number(limit)).toString('utf8');
  return out;
}

export function handleLogs(
  ctx: ServerContext,
  def: ResourceDef,
  req: ResourceRequest & { name: string; namespace: string },
  res: ServerResponse,
): void {
  ctx.faults.authorize('get', def, req.namespace, req.name, 'log');
  const entry = ctx.cluster.entry('Pod', req.namespace, req.name);
  if (!entry) throw StatusError.notFound(def, req.name);
  const pod = entry.obj;
  const container = pickContainer(pod, req.query.get('container'));
  if (!pod.spec?.nodeName) throw StatusError.badRequest(`pod ${req.name} does not have a host assigned`);
  const previous = req.query.get('previous') === 'true';
  const logs = ctx.cluster.containers.logsOf(req.namespace, req.name, container);
  const text = selectLog(pod, container, previous, logs);
  const started =
    Date.parse(String(containerStatus(pod, container)?.state?.running?.startedAt ?? pod.status?.startTime ?? '')) ||
    ctx.cluster.now().getTime();
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  if (req.query.get('follow') !== 'true' || previous) {
    res.end(shape(text, req.query, started));
    return;
  }
  res.write(shape(text, req.query, started));
  const stop = ctx.cluster.containers.follow(req.namespace, req.name, container, (more) => res.write(more));
  const unsubscribe = ctx.cluster.subscribe((change) => {
    if (
      change.kind === 'Pod' &&
      change.type === 'DELETED' &&
      change.entry.obj.metadata.name === req.name &&
      change.entry.obj.metadata.namespace === req.namespace
    )
      res.end();
  });
  res.on('close', () => {
    stop();
    unsubscribe();
  });
}
