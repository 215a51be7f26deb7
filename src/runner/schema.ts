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
