// The ConfigMap and Job of one diagnosis: the bot's own image running `clopus diagnose` under the read-only
// diagnoser account, credentials from a Secret, bounded in CPU, memory and time, labelled for watch and sweep.
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/index.js';
import { parseMemory } from '../../planner/index.js';

export const INPUT_DIR = '/input';
export const INPUT_FILE = 'diagnosis.json';
export const CONTAINER = 'diagnose';
/** The command the Job runs; the image must have `clopus` on its PATH. */
export const COMMAND = ['clopus', 'diagnose', '--input', `${INPUT_DIR}/${INPUT_FILE}`];

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const COMPONENT = 'app.kubernetes.io/component';
export const INCIDENT_LABEL = 'clopus.dev/incident';
export const DIAGNOSIS_LABEL = 'clopus.dev/diagnosis';
/** Every object a diagnosis creates carries these; the start-up sweep deletes what matches. */
export const SWEEP_SELECTOR = `${MANAGED_BY}=clopus,${COMPONENT}=diagnosis`;

/** A ConfigMap holds at most 1 MiB; leave room for the object around the data. */
export const MAX_INPUT_BYTES = 1_000_000;

/**
 * Input ConfigMaps have one name per Job slot, so that RBAC can pin the bot's rights on them to those names
 * (k8s/diagnoser/runner-role.yaml lists this many: slots 0 to 9). A higher concurrency needs more names there.
 */
export const INPUT_SLOT_NAMES = 10;

/** The input ConfigMap of the diagnosis running in Job slot `slot`. */
export function inputConfigMapName(slot: number): string {
  return `clopus-diagnosis-input-${slot}`;
}

export type JobSettings = Omit<Config['runner']['job'], 'image' | 'namespace'> & { image: string; namespace: string };

export interface DiagnosisObjects {
  /** The Job's name, unique per run. */
  name: string;
  /** The input ConfigMap's name, one per slot. */
  inputName: string;
  configMap: Record<string, unknown>;
  job: Record<string, unknown>;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** clopus-diagnosis-<incident>-<5 random>: unique per run, and short enough for the job-name label (63). */
export function diagnosisName(incidentId: number): string {
  return `clopus-diagnosis-${incidentId}-${Array.from(randomBytes(5), (b) => NAME_CHARS[b % NAME_CHARS.length]).join('')}`;
}

/** The Job's deadline: the planner's own limit (which it reports itself) plus time to schedule and start. */
export function deadlineSeconds(timeoutMs: number, settings: Pick<JobSettings, 'deadlineGraceSeconds'>): number {
  return Math.ceil(timeoutMs / 1000) + settings.deadlineGraceSeconds;
}

const cores = (q: string): number => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));

/** Requests above their limits are refused by the API server; a lowered limit pulls its request down with it. */
function resources(s: JobSettings): Record<string, Record<string, string>> {
  const memoryRequest =
    (parseMemory(s.memoryRequest) ?? 0) > (parseMemory(s.memoryLimit) ?? Infinity) ? s.memoryLimit : s.memoryRequest;
  const cpuRequest = cores(s.cpuRequest) > cores(s.cpuLimit) ? s.cpuLimit : s.cpuRequest;
  return { requests: { cpu: cpuRequest, memory: memoryRequest }, limits: { cpu: s.cpuLimit, memory: s.memoryLimit } };
}

/** `slot` is the Job slot the run holds (0 when unset), which names its input ConfigMap. */
export function diagnosisObjects(opts: {
  incidentId: number;
  input: string;
  timeoutMs: number;
  settings: JobSettings;
  logLevel?: string;
  slot?: number;
}): DiagnosisObjects {
  const { settings } = opts;
  const name = diagnosisName(opts.incidentId);
  const inputName = inputConfigMapName(opts.slot ?? 0);
  const labels = {
    [MANAGED_BY]: 'clopus',
    'app.kubernetes.io/name': 'clopus',
    [COMPONENT]: 'diagnosis',
    [INCIDENT_LABEL]: String(opts.incidentId),
    [DIAGNOSIS_LABEL]: name,
  };
  const metadata = { name, namespace: settings.namespace, labels };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...metadata, name: inputName },
    data: { [INPUT_FILE]: opts.input },
  };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: deadlineSeconds(opts.timeoutMs, settings),
      ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: settings.serviceAccount,
          restartPolicy: 'Never',
          // Service links would put CLOPUS_DASHBOARD_PORT=tcp://… (from the clopus-dashboard Service) in the env,
          // which the config refuses, as the bot's own Deployment already avoids.
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: CONTAINER,
              image: settings.image,
              command: COMMAND,
              envFrom: [{ secretRef: { name: settings.secretName } }],
              // HOME and TMPDIR on the writable emptyDir: Claude Code keeps its settings and transcripts there.
              env: [
                { name: 'HOME', value: '/tmp' },
                { name: 'TMPDIR', value: '/tmp' },
                { name: 'CLOPUS_LOG_LEVEL', value: opts.logLevel ?? 'info' },
              ],
              resources: resources(settings),
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'input', mountPath: INPUT_DIR, readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'input', configMap: { name: inputName } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
  return { name, inputName, configMap, job };
}
