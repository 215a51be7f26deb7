// Following one diagnosis Job and its pod until it ends: a list, then a watch from the list's resourceVersion,
// for each; a watch that closes is resumed by listing again. Every change is judged from the latest objects, so
// missed or merged events are harmless.
import type { KubeClient, Selectors, WatchHandle } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import { containerState, JobObject, jobCondition, PodObject } from './objects.js';
import { CONTAINER, DIAGNOSIS_LABEL } from './spec.js';

/** Waiting reasons that do not go away by waiting: the pod would sit there until the deadline. */
const IMAGE_REASONS = new Set(['ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const START_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError']);
const RESUME_DELAY_MS = 500;
const MAX_RESUME_DELAY_MS = 10_000;

export type JobEnd = { pod?: PodObject } & (
  | { kind: 'complete' }
  | { kind: 'failed'; reason: string; message: string }
  | { kind: 'image'; reason: string; message: string; image: string }
  | { kind: 'cannot_start'; reason: string; message: string }
  | { kind: 'gone' }
  | { kind: 'timeout' }
  | { kind: 'cancelled' }
);

/** The newest pod: with backoffLimit 0 there is one, but a node failure can make the controller replace it. */
function latest(pods: Map<string, PodObject>): PodObject | undefined {
  return [...pods.values()]
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))
    .at(-1);
}

export function judge(job: JobObject | null | undefined, pods: Map<string, PodObject>): JobEnd | undefined {
  if (job === null) return { kind: 'gone' };
  if (job === undefined) return undefined;
  const pod = latest(pods);
  const at = pod ? { pod } : {};
  if (jobCondition(job, 'Complete')) return { kind: 'complete', ...at };
  const failed = jobCondition(job, 'Failed');
  if (failed) return { kind: 'failed', reason: failed.reason ?? 'Failed', message: failed.message ?? '', ...at };
  const waiting = containerState(pod, CONTAINER)?.waiting;
  const reason = waiting?.reason ?? '';
  if (IMAGE_REASONS.has(reason)) {
    const image = pod?.spec?.containers.find((c) => c.name === CONTAINER)?.image ?? '';
    return { kind: 'image', reason, message: waiting?.message ?? '', image, ...at };
  }
  if (START_REASONS.has(reason)) return { kind: 'cannot_start', reason, message: waiting?.message ?? '', ...at };
  return undefined;
}

interface Stream {
  /** Failed lists in a row: the resume delay doubles with each, and only the first is logged. */
  failures: number;
  collection: 'jobs' | 'pods';
  selectors: Selectors;
  /** Replaces the known objects with a fresh list. */
  reset(items: unknown[]): void;
  apply(type: string, obj: unknown): void;
}

/** Resolves when the Job completes, fails, is deleted, or its pod is stuck; or at `timeoutMs`, or on `signal`. */
export function awaitJobEnd(
  kube: KubeClient,
  namespace: string,
  name: string,
  opts: { timeoutMs: number; signal?: AbortSignal; logger: Logger },
): Promise<JobEnd> {
  let job: JobObject | null | undefined;
  const pods = new Map<string, PodObject>();
  const watches = new Set<WatchHandle>();
  const timers = new Set<NodeJS.Timeout>();
  let done = false;

  return new Promise<JobEnd>((resolve) => {
    const finish = (end: JobEnd): void => {
      if (done) return;
      done = true;
      for (const w of watches) w.stop();
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(end);
    };
    const check = (): void => {
      const end = judge(job, pods);
      if (end) finish(end);
    };
    const onAbort = (): void => finish({ kind: 'cancelled' });
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const deadline = setTimeout(
      () => finish({ kind: 'timeout', ...(latest(pods) ? { pod: latest(pods)! } : {}) }),
      opts.timeoutMs,
    );
    timers.add(deadline);

    const jobs: Stream = {
      failures: 0,
      collection: 'jobs',
      selectors: { fieldSelector: `metadata.name=${name}` },
      reset: (items) => {
        const found = items.map((i) => JobObject.safeParse(i)).find((r) => r.success);
        job = found?.success ? found.data : null;
      },
      apply: (type, obj) => {
        const parsed = JobObject.safeParse(obj);
        if (parsed.success) job = type === 'DELETED' ? null : parsed.data;
      },
    };
    const podStream: Stream = {
      failures: 0,
      collection: 'pods',
      selectors: { labelSelector: `${DIAGNOSIS_LABEL}=${name}` },
      reset: (items) => {
        pods.clear();
        for (const i of items) {
          const parsed = PodObject.safeParse(i);
          if (parsed.success) pods.set(parsed.data.metadata.name, parsed.data);
        }
      },
      apply: (type, obj) => {
        const parsed = PodObject.safeParse(obj);
        if (!parsed.success) return;
        if (type === 'DELETED') pods.delete(parsed.data.metadata.name);
        else pods.set(parsed.data.metadata.name, parsed.data);
      },
    };

    const follow = async (s: Stream): Promise<void> => {
      if (done) return;
      let handle: WatchHandle | undefined;
      try {
        const list = await kube.listCollection(s.collection, namespace, s.selectors);
        s.failures = 0;
        s.reset(list.items);
        check();
        if (done) return;
        handle = await kube.watchCollection(
          s.collection,
          namespace,
          { ...s.selectors, resourceVersion: list.metadata?.resourceVersion },
          {
            onEvent: (type, obj) => {
              if (done || type === 'BOOKMARK') return;
              s.apply(type, obj);
              check();
            },
            // A 410 or any other error event: the stream ends after it and is resumed from a fresh list.
            onError: () => {},
            onDone: () => {
              if (handle) watches.delete(handle);
              resume(s);
            },
          },
        );
        if (done) handle.stop();
        else watches.add(handle);
      } catch (err) {
        if (s.failures++ === 0)
          opts.logger.warn({ err, job: name, collection: s.collection }, 'diagnosis Job watch failed; retrying');
        resume(s);
      }
    };
    // Any end of a stream (server timeout, 410 Expired, a dropped connection) is resumed by a fresh list.
    const resume = (s: Stream): void => {
      if (done) return;
      const t = setTimeout(
        () => {
          timers.delete(t);
          void follow(s);
        },
        Math.min(MAX_RESUME_DELAY_MS, RESUME_DELAY_MS * 2 ** s.failures),
      );
      timers.add(t);
    };
    void follow(jobs);
    void follow(podStream);
  });
}
