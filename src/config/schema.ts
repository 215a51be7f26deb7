// The one configuration schema: YAML file and env vars both parse through it.

import cron from 'node-cron';
import { z } from 'zod';
import { CHANGE_CLASS_NAMES, CpuQuantity, Envelope, MemoryQuantity } from './envelope.js';
import { GitOps } from './gitops.js';

export { CHANGE_CLASS_NAMES, DEFAULT_CONFIG_EXTENSIONS, DEFAULT_ENVELOPE, DEFAULT_EXEC_SHAPES } from './envelope.js';

const seconds = z.coerce.number().int().min(0);

/** Defaults that callers holding a partial fixer config (tests, older wiring) fall back on too. */
export const DEFAULT_MAX_REVISIONS = 3;
export const DEFAULT_INCIDENT_BUDGET_USD = 5;
const positive = z.coerce.number().int().min(1);

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
  envelope: Envelope.prefault({}),
  /** A reviewer's "Request changes" per incident; past it only approve or reject are left. 0 turns revisions off. */
  maxRevisions: z.coerce.number().int().min(0).max(20).default(DEFAULT_MAX_REVISIONS),
  /**
   * Model spend per incident, in USD, over its diagnoses, revisions and answers: past it no more revisions or
   * answers (the automatic diagnoses keep their own bound, retry.maxAttempts × maxBudgetUsd).
   */
  incidentBudgetUsd: z.coerce.number().positive().max(1000).default(DEFAULT_INCIDENT_BUDGET_USD),
  /** Where resumable Claude sessions are kept, one directory per incident; the app defaults it beside the database. */
  sessionsDir: z.string().trim().min(1).optional(),
  /** Questions asked of the bot in an incident's thread or a DM, per hour. */
  answers: z
    .strictObject({
      perUserPerHour: positive.max(1000).default(10),
      perIncidentPerHour: positive.max(1000).default(20),
    })
    .prefault({}),
});

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
      ttlSecondsAfterFinished: seconds
        .min(60)
        .max(7 * 24 * 3600)
        .default(600),
      /** Diagnosis Jobs at once; further diagnoses wait, in order. */
      concurrency: positive.max(100).default(3),
    })
    .prefault({}),
});

/** Namespace names or globs, as in `namespaces.include`. */
const NamespaceGlobs = z
  .array(
    z
      .string()
      .min(1)
      .regex(/^[a-z0-9*?[\]{}.,!-]+$/, 'expected namespace names or globs'),
  )
  .min(1);

/** A Slack user (U…, W…) or user group (S…) ID; names are not stable, IDs are. */
const SlackPrincipal = z
  .string()
  .trim()
  .regex(/^[UWS][A-Z0-9]{2,20}$/, 'expected a Slack user ID (U…/W…) or user group ID (S…)');

/** A channel ID (C…, G…) or a #name; the bot stores the ID Slack answers with. */
const SlackChannel = z
  .string()
  .trim()
  .regex(/^(?:[CG][A-Z0-9]{2,20}|#[a-z0-9][a-z0-9._-]{0,79})$/, 'expected a channel ID (C…) or #name');

/**
 * Slack: where incident messages go and how the sender paces and retries. Tokens are not config: SLACK_BOT_TOKEN,
 * SLACK_APP_TOKEN and SLACK_SIGNING_SECRET are read from the environment by the Slack module, like model credentials.
 */
const Slack = z.strictObject({
  /** auto: Socket Mode when SLACK_APP_TOKEN is set, else HTTP when SLACK_SIGNING_SECRET is. */
  mode: z.enum(['auto', 'socket', 'http']).default('auto'),
  /** HTTP mode's own port for /slack/events. */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The Web API base, e.g. a fake in tests; Slack's own when unset. */
  apiUrl: z.string().url().optional(),
  /** Default channel for incident messages. */
  channel: SlackChannel.optional(),
  /** Per-namespace channels; the first route whose globs match wins, else `channel`. */
  routes: z.array(z.strictObject({ namespaces: NamespaceGlobs, channel: SlackChannel })).default([]),
  /** The slash command the app defines in its manifest. */
  command: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'expected a slash command such as "/clopus"')
    .default('/clopus'),
  /** Least time between two messages (posts and updates) to one channel; Slack allows about one a second. */
  minIntervalMs: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** First retry delay after a 5xx or network error, doubling per attempt up to retryMaxMs (429s wait Retry-After). */
  retryBaseMs: positive.max(600_000).default(1000),
  retryMaxMs: positive.max(3_600_000).default(300_000),
  /** How long user group membership (usergroups.users.list) is trusted before it is read again. */
  usergroupCacheSeconds: seconds.max(86_400).default(300),
  /** Socket Mode: how long to wait for a pong before reconnecting. */
  pingTimeoutMs: positive.max(120_000).default(5000),
  /** How often state changes made elsewhere (detector, sweeps, the CLI) are looked for and shown in Slack. */
  syncIntervalMs: z.coerce.number().int().min(20).max(3_600_000).default(2000),
});

/** Change classes a trusted rule may auto-approve; image-tag (an image that never ran here) always needs a person. */
const TrustedClass = z
  .enum(CHANGE_CLASS_NAMES)
  .refine(
    (c) => c !== 'image-tag',
    'image-tag is never auto-approved: a person must choose an image that never ran here',
  );

/**
 * Who may decide, and what is approved without a person. Approvers are global (any namespace) or per namespace
 * (adding to the global ones there). A trusted rule auto-approves a proposal in its namespaces when every action's
 * change class is allowed, its risk is not high nor its confidence low, auto-approve is not paused, and fewer than maxPerHour were auto-approved there in the last hour.
 */
const Policy = z.strictObject({
  approvers: z.array(SlackPrincipal).default([]),
  namespaceApprovers: z
    .array(z.strictObject({ namespaces: NamespaceGlobs, approvers: z.array(SlackPrincipal).min(1) }))
    .default([]),
  trusted: z
    .array(
      z.strictObject({
        /** Shown as the approver: "policy:<name>". */
        name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected a short lowercase rule name'),
        namespaces: NamespaceGlobs,
        /** Change classes (fixer/envelope) this rule approves; a proposal with any other class waits for a person. */
        classes: z.array(TrustedClass).min(1),
        /** Renamed: rules name change classes now, not action kinds. Kept only to say so. */
        actions: z
          .never({
            error:
              'trusted rules name change classes now: replace actions with classes (e.g. classes: [resources, image-rollback, restart-pod])',
          })
          .optional(),
        maxPerHour: positive.max(1000).default(3),
      }),
    )
    .default([])
    .refine((rules) => new Set(rules.map((r) => r.name)).size === rules.length, 'trusted rule names must be unique'),
});

/** "all", or a list of namespace names / globs. Env form: comma-separated. */
const NamespaceList = z.union([
  z.literal('all'),
  z
    .array(
      z
        .string()
        .min(1)
        .regex(/^[a-z0-9*?[\]{}.,!-]+$/, 'expected namespace names or globs'),
    )
    .min(1),
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
      /** A pod still there this long after its deletionTimestamp (which already includes its grace period) is stuck. */
      stuckTerminatingGraceSeconds: seconds.default(300),
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
  gitops: GitOps.prefault({}),
  runner: Runner.prefault({}),
  slack: Slack.prefault({}),
  policy: Policy.prefault({}),
  dashboard: z
    .strictObject({
      port: z.coerce.number().int().min(0).max(65_535).default(8080),
      host: z.string().trim().min(1).default('127.0.0.1'),
      /** Required unless the dashboard is bound to loopback; at least 16 characters. */
      token: z.string().min(16, 'expected at least 16 characters (e.g. openssl rand -hex 32)').optional(),
    })
    .prefault({}),
});

export type Config = z.infer<typeof Config>;

export { ENV_KEYS } from './env-keys.js';
