// The Job runner: each diagnosis is a ConfigMap with its input and a Job running `clopus diagnose` on it, at most
// `concurrency` at once and the rest waiting in order. The Job is watched to its end, its result line read from
// the pod's log, and both objects deleted whatever happened. Input ConfigMaps are named by Job slot, so the
// bot's RBAC can pin deleting them to those names.
import { describeError } from '../../errors.js';
import { KubeApiError, type KubeClient } from '../../kube/index.js';
import type { Logger } from '../../logger.js';
import type { ClaudePlannerInput, ClaudePlannerResult } from '../../planner/index.js';
import type { SnapshotCaps } from '../repo-snapshot.js';
import { failed } from '../run.js';
import { jobInputText } from './input.js';
import { PodObject } from './objects.js';
import { concludeJob } from './outcome.js';
import { type Slot, Slots } from './slots.js';
import {
  CONTAINER,
  DIAGNOSIS_LABEL,
  deadlineSeconds,
  diagnosisObjects,
  INPUT_SLOT_NAMES,
  inputConfigMapName,
  type JobSettings,
  MAX_INPUT_BYTES,
  SWEEP_SELECTOR,
} from './spec.js';
import { awaitJobEnd } from './watch.js';

/** Waiting past the Job's own deadline before giving up on hearing from it (a stalled controller, a lost watch). */
const STATUS_GRACE_SECONDS = 30;
const LOG_TAIL_LINES = 200;
const LOG_LIMIT_BYTES = 4 * 1024 * 1024;

export interface JobRunnerOptions {
  kube: KubeClient;
  settings: JobSettings;
  logger: Logger;
  /** CLOPUS_LOG_LEVEL inside the Job. */
  logLevel?: string;
  /** Bounds of the repository snapshot a Job of a GitOps-managed workload gets; SNAPSHOT_CAPS by default. */
  snapshotCaps?: SnapshotCaps;
}

export interface JobRunnerStats {
  /** Diagnoses waiting for a Job slot, and their incidents in order. */
  queued: number;
  queuedIncidents: number[];
  running: number;
}

export class JobRunner {
  private readonly slots: Slots;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: JobRunnerOptions) {
    this.slots = new Slots(opts.settings.concurrency);
    if (opts.settings.concurrency > INPUT_SLOT_NAMES) {
      opts.logger.warn(
        {
          concurrency: opts.settings.concurrency,
          pinned: INPUT_SLOT_NAMES,
          first: inputConfigMapName(INPUT_SLOT_NAMES),
          last: inputConfigMapName(opts.settings.concurrency - 1),
        },
        'the shipped diagnosis-runner Role lets the bot delete only the first input ConfigMaps; add the others to its resourceNames',
      );
    }
  }

  /** A `planClaude` for diagnoseIncident: the diagnosis runs in a Job; the bot's client and credentials stay here. */
  readonly plan = (input: ClaudePlannerInput): Promise<ClaudePlannerResult> => {
    const run = this.planInJob(input);
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  };

  stats(): JobRunnerStats {
    const { count, incidents } = this.slots.queued;
    return { queued: count, queuedIncidents: incidents, running: this.slots.active };
  }

  /**
   * Deletes diagnosis Jobs (found by label) and input ConfigMaps (by their slot names: the bot may not list
   * ConfigMaps) that a previous run of the bot left behind. Call before the first diagnosis.
   */
  async sweep(): Promise<{ jobs: number; configMaps: number }> {
    const { namespace, concurrency } = this.opts.settings;
    const swept = { jobs: 0, configMaps: 0 };
    const list = await this.opts.kube.listJobs(namespace, {
      labelSelector: SWEEP_SELECTOR,
      what: `list leftover diagnosis Jobs in ${namespace}`,
    });
    for (const item of list.items) {
      const name = item.metadata?.name;
      if (name && (await this.remove('Job', name))) swept.jobs++;
    }
    for (let slot = 0; slot < Math.max(concurrency, INPUT_SLOT_NAMES); slot++) {
      if (await this.remove('ConfigMap', inputConfigMapName(slot))) swept.configMaps++;
    }
    if (swept.jobs + swept.configMaps > 0)
      this.opts.logger.info({ namespace, ...swept }, 'swept leftover diagnosis Jobs');
    return swept;
  }

  /** Cancels waiting and running diagnoses (their Jobs are deleted) and waits for them to end. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('the runner stopped'));
    await Promise.allSettled([...this.inFlight]);
  }

  private async planInJob(input: ClaudePlannerInput): Promise<ClaudePlannerResult> {
    const started = Date.now();
    const incidentId = input.incident.id;
    const signal = input.abortSignal
      ? AbortSignal.any([input.abortSignal, this.stopping.signal])
      : this.stopping.signal;
    if (this.slots.active >= this.opts.settings.concurrency || this.slots.queued.count > 0) {
      this.opts.logger.info(
        { incidentId, ahead: this.slots.queued.count, running: this.slots.active },
        'diagnosis waits for a Job slot',
      );
    }
    let slot: Slot;
    try {
      slot = await this.slots.acquire(incidentId, signal);
    } catch {
      return failed('the diagnosis was cancelled while it waited for a Job slot', Date.now() - started);
    }
    try {
      return await this.runJob(input, signal, started, slot.index);
    } finally {
      slot.release();
    }
  }

  private async runJob(
    input: ClaudePlannerInput,
    signal: AbortSignal,
    started: number,
    slot: number,
  ): Promise<ClaudePlannerResult> {
    const { kube, settings, logger } = this.opts;
    const incidentId = input.incident.id;
    // The reviewer's request travels in the input, so a Job revises too; `input.session` does not: a Job's HOME
    // dies with its pod, so there is no session to resume, and questions about the incident start afresh. The
    // clone does not either (the Job gets no git credentials): a snapshot of its source path's files does.
    let text: string;
    try {
      text = await jobInputText(input, {
        logger,
        maxBytes: MAX_INPUT_BYTES,
        ...(this.opts.snapshotCaps ? { caps: this.opts.snapshotCaps } : {}),
      });
    } catch (err) {
      return failed(`the diagnosis input could not be written: ${describeError(err)}`);
    }
    if (Buffer.byteLength(text) > MAX_INPUT_BYTES)
      return failed(`the diagnosis input is ${Buffer.byteLength(text)} bytes, more than a ConfigMap holds`);
    const { name, inputName, configMap, job } = diagnosisObjects({
      incidentId,
      input: text,
      timeoutMs: input.limits.timeoutMs,
      settings,
      slot,
      ...(this.opts.logLevel ? { logLevel: this.opts.logLevel } : {}),
    });
    const deadline = deadlineSeconds(input.limits.timeoutMs, settings);
    const log = { incidentId, job: name, namespace: settings.namespace };
    const ran = Date.now();
    try {
      await this.createInput(configMap, inputName);
      await kube.createJob(settings.namespace, job, `create Job ${settings.namespace}/${name}`);
      logger.info(
        { ...log, image: settings.image, deadlineSeconds: deadline, waitedMs: ran - started },
        'diagnosis Job started',
      );
      const waitMs = (deadline + STATUS_GRACE_SECONDS) * 1000;
      const end = await awaitJobEnd(kube, settings.namespace, name, { timeoutMs: waitMs, signal, logger });
      let podLog: string | undefined;
      if (end.kind === 'complete' || end.kind === 'failed') {
        // The pod stream may lag the Job's: read the pod again for its final state before judging it.
        const pod = await this.finalPod(name, end.pod?.metadata.name);
        if (pod) end.pod = pod;
        if (end.pod) podLog = await this.readLog(end.pod.metadata.name);
      }
      const result = concludeJob({
        end,
        log: podLog,
        deadlineSeconds: deadline,
        settings,
        waitedMs: waitMs,
        elapsedMs: Date.now() - ran,
      });
      const level = result.outcome === 'failed' ? 'warn' : 'info';
      logger[level](
        {
          ...log,
          end: end.kind,
          outcome: result.outcome,
          ...(result.outcome === 'failed' ? { reason: result.reason } : {}),
          ms: Date.now() - ran,
        },
        'diagnosis Job ended',
      );
      return result;
    } catch (err) {
      return failed(`the diagnosis Job could not run: ${describeError(err)}`, Date.now() - ran);
    } finally {
      await this.remove('Job', name);
      await this.remove('ConfigMap', inputName);
    }
  }

  /** Creates the slot's input ConfigMap; one left there (a failed clean-up, a killed bot) is replaced. */
  private async createInput(configMap: Record<string, unknown>, name: string): Promise<void> {
    const { kube, settings } = this.opts;
    const what = `create ConfigMap ${settings.namespace}/${name}`;
    try {
      await kube.createConfigMap(settings.namespace, configMap, what);
    } catch (err) {
      if (!(err instanceof KubeApiError && err.status === 409)) throw err;
      await kube.deleteConfigMap(settings.namespace, name, {
        what: `delete leftover ConfigMap ${settings.namespace}/${name}`,
      });
      await kube.createConfigMap(settings.namespace, configMap, what);
    }
  }

  /** The Job's pod as stored now: by name when known, else the newest with the diagnosis label. */
  private async finalPod(job: string, known: string | undefined): Promise<PodObject | undefined> {
    const { kube, settings } = this.opts;
    try {
      if (known) return PodObject.parse(await kube.getPod(settings.namespace, known, `get pod ${known}`));
      const list = await kube.listCollection('pods', settings.namespace, {
        labelSelector: `${DIAGNOSIS_LABEL}=${job}`,
        what: `list pods of Job ${job}`,
      });
      const pods = list.items.flatMap((i) => {
        const p = PodObject.safeParse(i);
        return p.success ? [p.data] : [];
      });
      return pods
        .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))
        .at(-1);
    } catch (err) {
      this.opts.logger.debug({ err, job }, 'cannot read the diagnosis Job pod again');
      return undefined;
    }
  }

  private async readLog(pod: string): Promise<string | undefined> {
    try {
      const text = await this.opts.kube.readLog({
        namespace: this.opts.settings.namespace,
        pod,
        container: CONTAINER,
        previous: false,
        tailLines: LOG_TAIL_LINES,
        limitBytes: LOG_LIMIT_BYTES,
      });
      return text ?? undefined;
    } catch (err) {
      this.opts.logger.warn({ err, pod }, 'cannot read the diagnosis Job log');
      return undefined;
    }
  }

  /** Deletes one object (a Job's pods go with it, in the background); gone already is fine. */
  private async remove(kind: 'Job' | 'ConfigMap', name: string): Promise<boolean> {
    const { kube, settings } = this.opts;
    const opts = { propagationPolicy: 'Background', what: `delete ${kind} ${settings.namespace}/${name}` } as const;
    try {
      if (kind === 'Job') await kube.deleteJob(settings.namespace, name, opts);
      else await kube.deleteConfigMap(settings.namespace, name, opts);
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return false;
      this.opts.logger.warn(
        { err, kind, name },
        'cannot delete a diagnosis object; the start-up sweep or ttlSecondsAfterFinished will',
      );
      return false;
    }
  }
}
