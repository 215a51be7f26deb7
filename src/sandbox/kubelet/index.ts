// A minimal kubelet and Job controller for the sandbox: a Job created through the API gets a pod, and the pod's
// container runs as a LOCAL SUBPROCESS (its command mapped by a resolver), with its ConfigMaps and Secrets as
// files and env. The pod log is its output; Job and pod statuses follow the exit, the memory limit and the
// Job's deadline. Opt in with startSandbox({ kubelet: … }); nothing runs otherwise.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterState } from '../cluster-state.js';
import { parseQuantity } from '../quantity.js';
import type { ChangeEvent, Fields, KubeObject } from '../types.js';
import { type CommandResolver, clopusCommand } from './commands.js';
import { expand, hostPath, prepareContainer } from './container-env.js';
import { adoptJob, updateJob } from './job-status.js';
import { createJobPod, imagePullFailed, podRunning, podTerminated, podWaiting } from './pod-states.js';
import { type ContainerProcess, startProcess } from './process.js';

export { CLOPUS_BIN, type CommandResolver, type ContainerToRun, clopusCommand, firstOf } from './commands.js';

export interface KubeletOptions {
  /** Maps a container to a local argv; default: `clopus …` → `node <repo>/bin/clopus.js …`. */
  resolveCommand?: CommandResolver;
  /** Images that cannot be pulled (their pods wait in ImagePullBackOff), besides any from a `.invalid` registry. */
  missingImages?: Iterable<string>;
  /** Memory limits are enforced by sampling the process tree's RSS this often (ms). */
  memorySampleMs?: number;
}

export interface Kubelet {
  /** Add an image name here to make it unpullable from now on. */
  readonly missingImages: Set<string>;
  /** Containers whose process runs now. */
  readonly running: number;
  /** Kills every process, cancels timers and removes the containers' directories. */
  stop(): Promise<void>;
}

interface JobRun {
  ns: string;
  name: string;
  uid: string;
  pod?: string;
  proc?: ContainerProcess;
  timers: Set<NodeJS.Timeout>;
  finished: boolean;
}

/** RFC 2606 reserves .invalid: no registry there can ever answer. */
function unpullable(image: string, missing: Set<string>): boolean {
  return missing.has(image) || /^[^/]+\.invalid(:\d+)?\//.test(image);
}

function jobEvent(
  cluster: ClusterState,
  job: { ns: string; name: string; uid: string },
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  cluster.addEvent(
    job.ns,
    { kind: 'Job', apiVersion: 'batch/v1', name: job.name, uid: job.uid },
    { type, reason, message, component: 'job-controller' },
  );
}

/**
 * Starts handling Jobs created from now on. `kubeconfig` is handed to every container as KUBECONFIG: it stands
 * in for the service account token a real kubelet mounts.
 */
export function startKubelet(cluster: ClusterState, opts: KubeletOptions & { kubeconfig?: string } = {}): Kubelet {
  const resolve = opts.resolveCommand ?? clopusCommand();
  const missingImages = new Set(opts.missingImages ?? []);
  const runs = new Map<string, JobRun>();
  const exits = new Set<Promise<unknown>>();
  const dirs = new Set<string>();
  let stopped = false;

  const live = (run: JobRun): boolean =>
    !stopped && !run.finished && cluster.entry('Job', run.ns, run.name)?.obj.metadata.uid === run.uid;

  const finish = (run: JobRun, ttl: unknown): void => {
    run.finished = true;
    for (const t of run.timers) clearTimeout(t);
    run.timers.clear();
    if (typeof ttl !== 'number') return;
    // The TTL controller: a finished Job (and, by cascade, its pods) goes after ttlSecondsAfterFinished.
    const t = setTimeout(() => {
      if (cluster.entry('Job', run.ns, run.name)?.obj.metadata.uid === run.uid)
        cluster.delete('Job', run.ns, run.name, 'Background');
    }, ttl * 1000);
    t.unref();
    run.timers.add(t);
  };

  const onDeadline = (run: JobRun, job: KubeObject): void => {
    if (!live(run)) return;
    run.proc?.kill('deadline');
    // The controller deletes the Job's active pods and fails the Job.
    const pod = run.pod;
    if (pod && cluster.entry('Pod', run.ns, pod)) {
      cluster.delete('Pod', run.ns, pod);
      updateJob(cluster, run.ns, run.name, { kind: 'pod_failed' });
    }
    updateJob(cluster, run.ns, run.name, { kind: 'failed', reason: 'DeadlineExceeded' });
    jobEvent(cluster, run, 'Warning', 'DeadlineExceeded', 'Job was active longer than specified deadline');
    finish(run, job.spec?.ttlSecondsAfterFinished);
  };

  /** One pod of the Job, to its end; true when the Job should try another pod. */
  const runPod = async (run: JobRun, job: KubeObject): Promise<boolean> => {
    const pod = createJobPod(cluster, job);
    run.pod = pod.metadata.name;
    jobEvent(cluster, run, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    updateJob(cluster, run.ns, run.name, { kind: 'active', ready: false });
    const spec = ((pod.spec?.containers ?? []) as Fields[])[0] ?? {};
    const container = String(spec.name);
    const image = String(spec.image ?? '');
    if (unpullable(image, missingImages)) {
      imagePullFailed(cluster, pod, container, image);
      return false; // waits in back-off until the deadline or a deletion
    }
    const dir = await mkdtemp(join(tmpdir(), `sandbox-kubelet-${pod.metadata.name}-`));
    dirs.add(dir);
    try {
      const prepared = await prepareContainer(cluster, pod, spec, dir, {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOSTNAME: pod.metadata.name,
        HOME: join(dir, 'root'),
        ...(opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : {}),
      });
      if (!live(run)) return false;
      if (!prepared.ok) {
        if (prepared.kind === 'config')
          podWaiting(cluster, pod, container, 'CreateContainerConfigError', prepared.message);
        cluster.addEvent(
          run.ns,
          { kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid ?? '' },
          {
            type: 'Warning',
            reason: prepared.kind === 'mount' ? 'FailedMount' : 'Failed',
            message: prepared.kind === 'mount' ? prepared.message : `Error: ${prepared.message}`,
          },
        );
        return false;
      }
      const argv = [...((spec.command ?? []) as string[]), ...((spec.args ?? []) as string[])].map((a) =>
        hostPath(expand(a, prepared.env), prepared.mounts),
      );
      const local = resolve({ namespace: run.ns, pod: pod.metadata.name, container, image, argv });
      let exit: { exitCode: number; reason: string; message?: string };
      if (!local) {
        exit = {
          exitCode: 128,
          reason: 'StartError',
          message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0] ?? ''}": executable file not found in $PATH: unknown`,
        };
      } else {
        const memory = parseQuantity((spec.resources as Fields | undefined)?.limits?.memory);
        const proc = startProcess({
          argv: local,
          env: prepared.env,
          cwd: prepared.cwd,
          onOutput: (text) => {
            if (cluster.entry('Pod', run.ns, pod.metadata.name))
              cluster.appendLogs(run.ns, pod.metadata.name, container, text);
          },
          ...(memory !== undefined ? { memoryLimitBytes: memory } : {}),
          ...(opts.memorySampleMs ? { sampleMs: opts.memorySampleMs } : {}),
        });
        run.proc = proc;
        exits.add(proc.exited);
        podRunning(cluster, pod, container);
        updateJob(cluster, run.ns, run.name, { kind: 'active', ready: true });
        const ended = await proc.exited;
        exits.delete(proc.exited);
        run.proc = undefined;
        if (ended.killedFor && ended.killedFor !== 'oom') return false; // the deadline, a deletion or stop() owns the statuses
        exit = {
          exitCode: ended.exitCode,
          reason: ended.killedFor === 'oom' ? 'OOMKilled' : ended.exitCode === 0 ? 'Completed' : 'Error',
        };
      }
      if (!live(run)) return false;
      podTerminated(cluster, pod, container, exit);
      if (exit.exitCode === 0) {
        updateJob(cluster, run.ns, run.name, { kind: 'succeeded' });
        jobEvent(cluster, run, 'Normal', 'Completed', 'Job completed');
        finish(run, job.spec?.ttlSecondsAfterFinished);
        return false;
      }
      updateJob(cluster, run.ns, run.name, { kind: 'pod_failed' });
      const failed = Number(cluster.get('Job', run.ns, run.name)?.status?.failed ?? 0);
      if (failed > Number(job.spec?.backoffLimit ?? 6)) {
        updateJob(cluster, run.ns, run.name, { kind: 'failed', reason: 'BackoffLimitExceeded' });
        jobEvent(cluster, run, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
        finish(run, job.spec?.ttlSecondsAfterFinished);
        return false;
      }
      return true;
    } finally {
      dirs.delete(dir);
      await rm(dir, { recursive: true, force: true });
    }
  };

  const runJob = async (created: KubeObject): Promise<void> => {
    const ns = created.metadata.namespace ?? 'default';
    const name = created.metadata.name;
    const run: JobRun = { ns, name, uid: created.metadata.uid ?? '', timers: new Set(), finished: false };
    runs.set(`${ns}/${name}`, run);
    const job = adoptJob(cluster, created);
    const deadline = Number(job.spec?.activeDeadlineSeconds);
    if (deadline > 0) {
      const t = setTimeout(() => onDeadline(run, job), deadline * 1000);
      run.timers.add(t);
    }
    while (live(run) && (await runPod(run, job)));
  };

  const onChange = (change: ChangeEvent): void => {
    if (stopped) return;
    const obj = change.entry.obj;
    const ns = obj.metadata.namespace ?? 'default';
    if (change.kind === 'Job' && change.type === 'ADDED') {
      // After the current call: the builders create a Job's pods right after the Job, and those are not ours.
      setImmediate(() => {
        const job = cluster.get('Job', ns, obj.metadata.name);
        if (
          stopped ||
          !job ||
          job.metadata.uid !== obj.metadata.uid ||
          job.spec?.suspend === true ||
          job.status?.startTime
        )
          return;
        if (
          cluster
            .list('Pod', ns)
            .some((p) => (p.metadata.ownerReferences ?? []).some((r) => r.uid === job.metadata.uid))
        )
          return;
        void runJob(job).catch((err: unknown) => {
          jobEvent(
            cluster,
            { ns, name: job.metadata.name, uid: job.metadata.uid ?? '' },
            'Warning',
            'SandboxKubeletError',
            String((err as Error)?.message ?? err),
          );
        });
      });
      return;
    }
    if (change.type !== 'DELETED') return;
    if (change.kind === 'Job') {
      const run = runs.get(`${ns}/${obj.metadata.name}`);
      if (!run || run.uid !== obj.metadata.uid) return;
      runs.delete(`${ns}/${obj.metadata.name}`);
      for (const t of run.timers) clearTimeout(t);
      run.finished = true;
      run.proc?.kill('deleted');
    } else if (change.kind === 'Pod') {
      for (const run of runs.values()) if (run.ns === ns && run.pod === obj.metadata.name) run.proc?.kill('deleted');
    }
  };
  const unsubscribe = cluster.subscribe(onChange);

  return {
    missingImages,
    get running() {
      return [...runs.values()].filter((r) => r.proc).length;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      for (const run of runs.values()) {
        for (const t of run.timers) clearTimeout(t);
        run.proc?.kill('stopped');
      }
      await Promise.allSettled([...exits]);
      await Promise.allSettled([...dirs].map((d) => rm(d, { recursive: true, force: true })));
      runs.clear();
    },
  };
}
