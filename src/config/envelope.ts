// The safety envelope's configurable bounds (fixer.envelope) and the change classes trusted rules may name.
import { z } from 'zod';

/** A memory quantity as Kubernetes writes it: 512Mi, 4Gi, 1G, 1500M, 2e9. Parsed into bytes by the runbooks. */
export const MemoryQuantity = z
  .string()
  .trim()
  .regex(
    /^(?:\d+(?:\.\d+)?)(?:[eE]\d+|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/,
    'expected a memory quantity such as "4Gi" or "512Mi"',
  );

/** A CPU quantity as Kubernetes writes it: 500m, 1, 1.5, 2. */
export const CpuQuantity = z
  .string()
  .trim()
  .regex(/^(?:\d+(?:\.\d+)?m?)$/, 'expected a CPU quantity such as "1" or "500m"');

/** The safety envelope's change classes, listed once here (planner/envelope classifies into them); trusted rules name them. */
export const CHANGE_CLASS_NAMES = [
  'resources',
  'image-rollback',
  'image-tag',
  'probe-tuning',
  'env-literal',
  'scale',
  'restart-pod',
  'config-file',
  'exec-allowed',
] as const;

/** Reload commands most images ship; each is an exact argv, "*" standing for one plain word. */
export const DEFAULT_EXEC_SHAPES = [
  ['nginx', '-s', 'reload'],
  ['nginx', '-t'],
  ['kill', '-HUP', '1'],
  ['kill', '-s', 'HUP', '1'],
  ['apachectl', 'graceful'],
  ['apachectl', '-k', 'graceful'],
];

/** Extensions a configuration file has; code and scripts are never edited by a fix. */
export const DEFAULT_CONFIG_EXTENSIONS = [
  '.yaml',
  '.yml',
  '.json',
  '.toml',
  '.ini',
  '.conf',
  '.cfg',
  '.cnf',
  '.properties',
  '.xml',
];

/**
 * The safety envelope's bounds: what each change class may do. Classes themselves are code; only their limits
 * are configuration. File only (no env vars): lists of argvs do not fit one.
 */
export const Envelope = z.strictObject({
  resources: z
    .strictObject({
      /** A request or limit may grow or shrink by at most this factor in one fix. */
      maxFactor: z.coerce.number().min(1.1).max(16).default(4),
      maxMemory: MemoryQuantity.default('16Gi'),
      maxCpu: CpuQuantity.default('8'),
    })
    .prefault({}),
  exec: z
    .array(z.array(z.string().min(1).max(256)).min(1).max(16))
    .max(100)
    .default(DEFAULT_EXEC_SHAPES),
  configFiles: z
    .strictObject({
      /** Globs of absolute paths a config-file edit may write; system files are refused whatever these say. */
      paths: z.array(z.string().startsWith('/', 'expected an absolute path glob')).min(1).default(['/**']),
      extensions: z
        .array(z.string().regex(/^\.[a-z0-9]+$/, 'expected an extension such as ".yaml"'))
        .min(1)
        .default(DEFAULT_CONFIG_EXTENSIONS),
    })
    .prefault({}),
});

/** The envelope's bounds when nothing is configured, for callers that run without a loaded config. */
export const DEFAULT_ENVELOPE: z.infer<typeof Envelope> = Envelope.parse({});
