// The one configuration schema: YAML file and env vars both parse through it.
import { z } from 'zod';
import cron from 'node-cron';

const seconds = z.coerce.number().int().min(0);
const positive = z.coerce.number().int().min(1);

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
};
