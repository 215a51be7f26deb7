// What every investigation tool shares: the incident's bounds, the cluster, and the run's mutable state.
import type { SdkMcpToolDefinition } from '@anthropic-ai/claude-agent-sdk';
import type { RepoView } from '../../gitops/index.js';
import type { Logger } from '../../logger.js';
import type { ProposalScope } from '../proposal/check.js';
import type { Proposal } from '../proposal/schema.js';
import type { PlannerIncident, PlannerKube } from './types.js';
import { clean } from './untrusted.js';

/** What a tool handler returns (the MCP CallToolResult), named through the Agent SDK we depend on. */
export type CallToolResult = Awaited<ReturnType<SdkMcpToolDefinition['handler']>>;

export interface ToolContext {
  incident: PlannerIncident;
  kube: PlannerKube;
  logger: Logger;
  scope: ProposalScope;
  /** SHA-256 of files read whole, by "pod/container/path": filled into edits that omit expectedSha256. */
  fileHashes: Map<string, string>;
  state: { proposal?: Proposal; refusals: number };
  /** Further checks of a proposal that passed the code-level ones (see ClaudePlannerInput.validate). */
  validate?: (proposal: Proposal) => Promise<string[]>;
  /** The GitOps clone the repository tools read (ClaudePlannerInput.repo). */
  repo?: RepoView;
}

export const ok = (text: string): CallToolResult => ({ content: [{ type: 'text', text }] });
/** An error the model reads; `maxChars` bounds it (the tail is kept), so a long refusal needs a larger one. */
export const fail = (text: string, maxChars?: number): CallToolResult => ({
  content: [{ type: 'text', text: clean(text, maxChars) }],
  isError: true,
});

/** A refusal when the pod is not the incident's, so no tool can be pointed at another workload. */
export function podRefusal(ctx: ToolContext, pod: string): CallToolResult | undefined {
  if (ctx.scope.pods.includes(pod)) return undefined;
  return fail(`Pod "${pod}" is not part of this incident. Use one of: ${ctx.scope.pods.join(', ')}.`);
}

/** The container a tool call means: the one named, else the incident's, else the only one. */
export function pickContainer(
  ctx: ToolContext,
  container: string | undefined,
): { container: string } | { error: CallToolResult } {
  const known = ctx.scope.containers;
  const chosen = container ?? ctx.incident.container ?? (known?.length === 1 ? known[0] : undefined);
  if (!chosen) return { error: fail(`Name the container: one of ${known?.join(', ') ?? "the pod's containers"}.`) };
  if (known && !known.includes(chosen))
    return { error: fail(`Container "${chosen}" is not in this workload. Use one of: ${known.join(', ')}.`) };
  return { container: chosen };
}
