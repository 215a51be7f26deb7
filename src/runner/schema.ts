// The two edges of a diagnosis run, whichever runner carries it: the input file (`clopus diagnose --input`) and
// the one result line it prints. The bot writes the first and parses the second with these same schemas.
import { z } from 'zod';
import { EvidenceSchema, REASONS } from '../core/index.js';
import { Proposal } from '../planner/index.js';

const name = z.string().min(1).max(253);
const WorkloadKind = z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']);

/** The stored evidence rows, already capped and redacted by the detector. */
const Evidence = EvidenceSchema;

const Limits = z.object({
  timeoutMs: z.number().int().min(1),
  maxTurns: z.number().int().min(1),
  maxBudgetUsd: z.number().positive(),
  maxRetries: z.number().int().min(0).optional(),
  apiTimeoutMs: z.number().int().min(1).optional(),
  streamIdleTimeoutMs: z.number().int().min(1).optional(),
});

/**
 * A reviewer's "Request changes", so a Job revises as the bot's process does: the request (redacted when it was
 * stored), who asked, the superseded proposal as stored, and why earlier proposals were refused. A Job keeps no
 * Claude session (its HOME dies with its pod), so the input has no room for one.
 */
const Revision = z.object({
  number: z.number().int().min(1),
  request: z.string().min(1).max(4000),
  requestedBy: z.string().min(1).max(253),
  previous: z.object({ summary: z.unknown(), actions: z.unknown(), diff: z.string() }),
  refusals: z.array(z.string()),
});

/** At most this many files, and this many bytes of them, travel in a Job's input (a ConfigMap holds 1 MiB in all). */
export const MAX_SNAPSHOT_FILES = 500;
export const MAX_SNAPSHOT_BYTES = 512 * 1024;

/**
 * The text files under a GitOps manager's source path, for a diagnosis Job, which has no clone and no git
 * credentials. `blobSha` is the hash the bot's clone gives the file (what an edit names as its baseBlobSha);
 * `redacted` marks content masked on its way here, whose hash no longer matches it.
 */
export const RepoSnapshot = z.object({
  url: z.string().min(1).max(2048),
  ref: z.string().min(1).max(255),
  headSha: z.string().regex(/^[0-9a-f]{40,64}$/),
  sourcePath: z.string().max(1024),
  files: z
    .array(
      z.object({
        path: z.string().min(1).max(1024),
        content: z.string(),
        blobSha: z.string().regex(/^[0-9a-f]{40,64}$/),
        redacted: z.literal(true).optional(),
      }),
    )
    .max(MAX_SNAPSHOT_FILES),
});
export type RepoSnapshot = z.infer<typeof RepoSnapshot>;

/** Everything one diagnosis needs except credentials and a cluster connection, which the runner's side supplies. */
export const DiagnosisInput = z.object({
  version: z.literal(1),
  incident: z.object({
    id: z.number().int().min(1),
    namespace: name,
    workloadKind: WorkloadKind,
    workloadName: name,
    container: z.string().nullable(),
    reason: z.enum(REASONS),
    message: z.string(),
    pods: z.array(z.object({ name })),
  }),
  evidence: z.array(Evidence),
  /** What a proposal may touch, read by the bot; the run reads it from the workload when absent. */
  scope: z
    .object({
      namespace: name,
      workload: z.object({ kind: WorkloadKind, name }),
      pods: z.array(z.string()),
      containers: z.array(z.string()).optional(),
      serviceAccountName: z.string().optional(),
    })
    .optional(),
  planner: z.object({ model: z.string().min(1).optional(), limits: Limits }),
  revision: Revision.optional(),
  /** The repository files of a GitOps-managed workload, in a Job's input only (in process the run reads the clone). */
  repo: RepoSnapshot.optional(),
  /** Why a GitOps-managed workload's files are not in `repo` (too many, too large): the model is told so. */
  repoUnavailable: z.string().min(1).max(2000).optional(),
});
export type DiagnosisInput = z.infer<typeof DiagnosisInput>;

export const PlannerUsage = z.object({
  model: z.string().nullable(),
  turns: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
  durationMs: z.number().min(0),
});

/** The key that tells the result line apart from the log lines around it (a pod log mixes stdout and stderr). */
export const RESULT_MARKER = 'clopusDiagnosisResult';

const marker = { [RESULT_MARKER]: z.literal(1) } as const;

/** The one line `clopus diagnose` prints on stdout. */
export const DiagnosisResult = z.discriminatedUnion('outcome', [
  z.object({ ...marker, outcome: z.literal('proposed'), proposal: Proposal, usage: PlannerUsage }),
  z.object({ ...marker, outcome: z.literal('no_fix'), explanation: z.string(), usage: PlannerUsage }),
  z.object({ ...marker, outcome: z.literal('failed'), reason: z.string(), usage: PlannerUsage }),
]);
export type DiagnosisResult = z.infer<typeof DiagnosisResult>;
