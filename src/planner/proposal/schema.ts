// The proposal a planner hands back: a summary and ordered actions. Parsed here once, at the edge where model
// output enters; check.ts then decides, in code, whether every target belongs to the incident.
import { z } from 'zod';

/** Largest file content an edit_file action may carry, in bytes (UTF-8). */
export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_ACTIONS = 10;
export const MAX_ROOT_CAUSE_CHARS = 600;

const name = z.string().trim().min(1).max(253);

/** One line a reviewer reads next to the action. */
const Reason = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((s) => !/[\r\n]/.test(s), 'must be one line');

/**
 * Sentences, counted loosely: a terminator followed by a space and a capital, or the end. "e.g." or "v1.2"
 * do not count, which errs towards accepting.
 */
export function countSentences(text: string): number {
  return text
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z"'(])/)
    .filter((s) => s.trim() !== '').length;
}

/** Optional on every action so that a model naming another namespace is refused, not silently retargeted. */
const namespace = name.optional().describe("Must be the incident's namespace; may be omitted");

export const EditFileAction = z.object({
  type: z.literal('edit_file'),
  reason: Reason,
  namespace,
  pod: name,
  container: name,
  path: z.string().min(1).max(4096).describe('Absolute path of the file in the container'),
  content: z.string().max(MAX_FILE_BYTES).describe(`The whole new file content (at most ${MAX_FILE_BYTES} bytes)`),
  expectedSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/, 'must be 64 lowercase hex digits')
    .optional()
    .describe('SHA-256 of the current file content the edit was planned against'),
});
export type EditFileAction = z.infer<typeof EditFileAction>;

export const ExecAction = z.object({
  type: z.literal('exec'),
  reason: Reason,
  namespace,
  pod: name,
  container: name,
  argv: z
    .array(z.string().max(4096))
    .min(1, 'argv must name a command')
    .max(64)
    .describe('Command and arguments; no shell unless argv starts one'),
});
export type ExecAction = z.infer<typeof ExecAction>;

export const RestartPodAction = z.object({
  type: z.literal('restart_pod'),
  reason: Reason,
  namespace,
  pod: name,
});
export type RestartPodAction = z.infer<typeof RestartPodAction>;

export const PatchWorkloadAction = z.object({
  type: z.literal('patch_workload'),
  reason: Reason,
  namespace,
  kind: name.optional().describe("Must be the incident's workload kind; may be omitted"),
  name: name.optional().describe("Must be the incident's workload name; may be omitted"),
  patch: z.record(z.string(), z.unknown()).describe("Strategic merge patch of the incident's workload"),
});
export type PatchWorkloadAction = z.infer<typeof PatchWorkloadAction>;

/**
 * A file of the GitOps repository the workload is deployed from, replaced whole. Never applied to the cluster:
 * it is delivered as a pull request, and reaches the cluster through the GitOps controller's sync.
 */
export const EditRepoFileAction = z.object({
  type: z.literal('edit_repo_file'),
  reason: Reason,
  path: z
    .string()
    .min(1)
    .max(1024)
    .describe("The file's path from the repository root (e.g. apps/api/deployment.yaml), inside the source path"),
  content: z.string().max(MAX_FILE_BYTES).describe(`The whole new file content (at most ${MAX_FILE_BYTES} bytes)`),
  baseBlobSha: z
    .string()
    .regex(/^[a-f0-9]{40}$/, 'must be 40 lowercase hex digits')
    .describe('The git blob hash of the file the edit was planned against, as read_repo_file reported it'),
});
export type EditRepoFileAction = z.infer<typeof EditRepoFileAction>;

export const ProposalAction = z.discriminatedUnion('type', [
  EditFileAction,
  ExecAction,
  RestartPodAction,
  PatchWorkloadAction,
  EditRepoFileAction,
]);
export type ProposalAction = z.infer<typeof ProposalAction>;

export const ProposalSummary = z.object({
  rootCause: z
    .string()
    .trim()
    .min(1)
    .max(MAX_ROOT_CAUSE_CHARS)
    .refine((s) => countSentences(s) <= 3, 'must be one to three sentences')
    .describe('The root cause in one to three sentences'),
  confidence: z.enum(['low', 'medium', 'high']),
  risk: z.enum(['low', 'medium', 'high']),
});
export type ProposalSummary = z.infer<typeof ProposalSummary>;

export const Proposal = z.object({
  summary: ProposalSummary,
  actions: z.array(ProposalAction).min(1).max(MAX_ACTIONS).describe('Applied in this order'),
});
export type Proposal = z.infer<typeof Proposal>;
