// The one configuration schema: YAML file and env vars both parse through it.
import { z } from 'zod';
import cron from 'node-cron';

const seconds = z.coerce.number().int().min(0);
const positive = z.coerce.number().int().min(1);

/** A memory quantity as Kubernetes writes it: 512Mi, 4Gi, 1G, 1500M, 2e9. Parsed into bytes by the runbooks. */
const MemoryQuantity = z
  .string()
  .trim()
  .regex(/^(?:\d+(?:\.\d+)?)(?:[eE]\d+|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, 'expected a memory quantity such as "4Gi" or "512Mi"');

/**
 * The fixer: which planner runs, the model's limits, the retry policy for failed diagnoses, the runbooks' knobs,
 * and how long proposals and verification last. Model credentials are not config: ANTHROPIC_API_KEY, Bedrock and
 * Vertex variables pass from the environment to Claude Code untouched, so they never sit in a parsed object.
 */
const Fixer = z.strictObject({
  /** auto: runbooks first, then Claude when credentials exist; claude: Claude only; runbooks: never a model. */
  planner: z.enum(['auto', 'claude', 'runbooks']).default('auto'),
  /** Model name for Claude Code; its own default when unset. */
  model: z.string().trim().min(1).optional(),
  /** A mounted Claude Code credentials file (.credentials.json), copied into each run's private HOME. */
  credentialsFile: z.string().min(1).optional(),
  timeoutSeconds: positive.max(3600).default(180),
  maxTurns: positive.max(200).default(20),
  maxBudgetUsd: z.coerce.number().positive().max(100).default(1),
  /** Claude Code's own retries of a failed API call, inside the wall-time limit. */
  apiRetries: z.coerce.number().int().min(0).max(10).default(2),
  /** Diagnoses running at once (each one is a Claude Code process). */
  concurrency: positive.max(16).default(2),
  retry: z
    .strictObject({
      /** Diagnoses per incident, counting the first; a failed one is retried only below this. */
      maxAttempts: positive.max(10).default(3),
      /** Wait after the first failure; doubles with each further failure. */
      backoffSeconds: seconds.default(300),
    })
    .prefault({}),
  runbooks: z
    .strictObject({
      oomMemoryFactor: z.coerce.number().min(1.1).max(16).default(2),
      oomMemoryCap: MemoryQuantity.default('4Gi'),
    })
    .prefault({}),
  verifyWindowSeconds: positive.max(3600).default(120),
  proposalExpiryMinutes: positive.max(7 * 24 * 60).default(60),
});

/** A CPU quantity as Kubernetes writes it: 500m, 1, 1.5, 2. */
const CpuQuantity = z
  .string()
  .trim()
  .regex(/^(?:\d+(?:\.\d+)?m?)$/, 'expected a CPU quantity such as "1" or "500m"');

/**
 * Where a diagnosis runs: inside the bot's process (`inprocess`), or as one Kubernetes Job per diagnosis (`job`),
 * away from the database and the Slack tokens, bounded by the Job's limits and spread over the cluster's nodes.
 */
const Runner = z.strictObject({
  mode: z.enum(['inprocess', 'job']).default('inprocess'),
  job: z
    .strictObject({
      /** The Job's image; the running pod's own image (read from the API) when unset. */
      image: z.string().trim().min(1).optional(),
      /** Where Jobs and their ConfigMaps go; POD_NAMESPACE, else "clopus", when unset. */
      namespace: z.string().trim().min(1).max(63).optional(),
      serviceAccount: z.string().trim().min(1).max(253).default('clopus-diagnoser'),
      /** The Secret whose keys become the Job's env: ANTHROPIC_API_KEY, or Bedrock/Vertex variables. */
      secretName: z.string().trim().min(1).max(253).default('clopus-model-credentials'),
      cpuRequest: CpuQuantity.default('250m'),
      cpuLimit: CpuQuantity.default('1'),
      memoryRequest: MemoryQuantity.default('512Mi'),
      memoryLimit: MemoryQuantity.default('1Gi'),
      /** Added to the diagnosis timeout for the Job's activeDeadlineSeconds: scheduling, image pull, start-up. */
      deadlineGraceSeconds: seconds.max(3600).default(60),
      /** The cluster's clean-up if the bot's own fails; long enough for the bot to read the log first. */
      ttlSecondsAfterFinished: seconds.min(60).max(7 * 24 * 3600).default(600),
      /** Diagnosis Jobs at once; further diagnoses wait, in order. */
      concurrency: positive.max(100).default(3),
    })
    .prefault({}),
});

/** "all", or a list of namespace names / globs. Env form: comma-separated. */
const NamespaceList = z.union([
  z.literal('all'),
  z.array(z.string().min(1).regex(/^[a-z0-9*?\[\]{}.,!-]+$/, 'expected namespace names or globs')).min(1),
]);

export const Config = z.strictObject({
  cluster: z.string().min(1).max(63).default('default'),
  namespaces: z
    .strictObject({
      include: NamespaceList.default('all'),
      exclude: z.array(z.string().min(1)).default([]),
    })
    .default({ include: 'all', exclude: [] }),
  rescanSchedule: z
    .string()
    .refine((s) => cron.validate(s), 'expected a cron expression such as "*/5 * * * *"')
    .default('*/5 * * * *'),
  databasePath: z.string().min(1).default('clopus.db'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  detector: z
    .strictObject({
      resolveGraceSeconds: seconds.default(120),
      reopenCooldownSeconds: seconds.default(3600),
      unschedulableGraceSeconds: seconds.default(120),
      notReadyGraceSeconds: seconds.default(300),
      containerCreatingGraceSeconds: seconds.default(300),
      rapidRestartCount: positive.default(5),
      rapidRestartWindowSeconds: positive.default(600),
      watchBackoffMaxSeconds: positive.default(30),
    })
    .prefault({}),
  evidence: z
    .strictObject({
      logTailLines: positive.max(5000).default(100),
      logLimitBytes: positive.max(10 * 1024 * 1024).default(64 * 1024),
      maxChars: positive.max(100_000).default(6000),
      maxEvents: positive.max(100).default(10),
    })
    .prefault({}),
  fixer: Fixer.prefault({}),
  runner: Runner.prefault({}),
});

export type Config = z.infer<typeof Config>;

/** Env var → config path. The env wins over the file. */
export const ENV_KEYS: Record<string, { path: string[]; list?: boolean }> = {
  CLOPUS_CLUSTER: { path: ['cluster'] },
  CLOPUS_NAMESPACES: { path: ['namespaces', 'include'], list: true },
  CLOPUS_EXCLUDE_NAMESPACES: { path: ['namespaces', 'exclude'], list: true },
  CLOPUS_RESCAN_SCHEDULE: { path: ['rescanSchedule'] },
  CLOPUS_DB_PATH: { path: ['databasePath'] },
  CLOPUS_LOG_LEVEL: { path: ['logLevel'] },
  CLOPUS_RESOLVE_GRACE_SECONDS: { path: ['detector', 'resolveGraceSeconds'] },
  CLOPUS_REOPEN_COOLDOWN_SECONDS: { path: ['detector', 'reopenCooldownSeconds'] },
  CLOPUS_UNSCHEDULABLE_GRACE_SECONDS: { path: ['detector', 'unschedulableGraceSeconds'] },
  CLOPUS_NOT_READY_GRACE_SECONDS: { path: ['detector', 'notReadyGraceSeconds'] },
  CLOPUS_RAPID_RESTART_COUNT: { path: ['detector', 'rapidRestartCount'] },
  CLOPUS_RAPID_RESTART_WINDOW_SECONDS: { path: ['detector', 'rapidRestartWindowSeconds'] },
  CLOPUS_LOG_TAIL_LINES: { path: ['evidence', 'logTailLines'] },
  CLOPUS_LOG_LIMIT_BYTES: { path: ['evidence', 'logLimitBytes'] },
  CLOPUS_PLANNER: { path: ['fixer', 'planner'] },
  CLOPUS_CLAUDE_MODEL: { path: ['fixer', 'model'] },
  CLOPUS_CLAUDE_CREDENTIALS_FILE: { path: ['fixer', 'credentialsFile'] },
  CLOPUS_CLAUDE_TIMEOUT_SECONDS: { path: ['fixer', 'timeoutSeconds'] },
  CLOPUS_CLAUDE_MAX_TURNS: { path: ['fixer', 'maxTurns'] },
  CLOPUS_CLAUDE_MAX_BUDGET_USD: { path: ['fixer', 'maxBudgetUsd'] },
  CLOPUS_CLAUDE_API_RETRIES: { path: ['fixer', 'apiRetries'] },
  CLOPUS_DIAGNOSIS_CONCURRENCY: { path: ['fixer', 'concurrency'] },
  CLOPUS_DIAGNOSIS_MAX_ATTEMPTS: { path: ['fixer', 'retry', 'maxAttempts'] },
  CLOPUS_DIAGNOSIS_RETRY_BACKOFF_SECONDS: { path: ['fixer', 'retry', 'backoffSeconds'] },
  CLOPUS_OOM_MEMORY_FACTOR: { path: ['fixer', 'runbooks', 'oomMemoryFactor'] },
  CLOPUS_OOM_MEMORY_CAP: { path: ['fixer', 'runbooks', 'oomMemoryCap'] },
  CLOPUS_VERIFY_WINDOW_SECONDS: { path: ['fixer', 'verifyWindowSeconds'] },
  CLOPUS_PROPOSAL_EXPIRY_MINUTES: { path: ['fixer', 'proposalExpiryMinutes'] },
  CLOPUS_RUNNER: { path: ['runner', 'mode'] },
  CLOPUS_RUNNER_IMAGE: { path: ['runner', 'job', 'image'] },
  CLOPUS_RUNNER_NAMESPACE: { path: ['runner', 'job', 'namespace'] },
  CLOPUS_RUNNER_SERVICE_ACCOUNT: { path: ['runner', 'job', 'serviceAccount'] },
  CLOPUS_RUNNER_SECRET: { path: ['runner', 'job', 'secretName'] },
  CLOPUS_RUNNER_CPU_REQUEST: { path: ['runner', 'job', 'cpuRequest'] },
  CLOPUS_RUNNER_CPU_LIMIT: { path: ['runner', 'job', 'cpuLimit'] },
  CLOPUS_RUNNER_MEMORY_REQUEST: { path: ['runner', 'job', 'memoryRequest'] },
  CLOPUS_RUNNER_MEMORY_LIMIT: { path: ['runner', 'job', 'memoryLimit'] },
  CLOPUS_RUNNER_DEADLINE_GRACE_SECONDS: { path: ['runner', 'job', 'deadlineGraceSeconds'] },
  CLOPUS_RUNNER_TTL_SECONDS: { path: ['runner', 'job', 'ttlSecondsAfterFinished'] },
  CLOPUS_RUNNER_CONCURRENCY: { path: ['runner', 'job', 'concurrency'] },
};
