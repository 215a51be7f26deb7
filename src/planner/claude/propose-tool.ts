// propose_fix: the model's only way to act. Its input is the Proposal schema (the SDK validates it before the
// handler runs); the handler adds the code-level checks and tells the model why a proposal was refused.
import { tool } from '@anthropic-ai/claude-agent-sdk';
import { describeError } from '../../errors.js';
import { checkProposal } from '../proposal/check.js';
import { Proposal } from '../proposal/schema.js';
import { fail, ok, type ToolContext } from './tool-context.js';

/** Refusals after which the model is told to stop trying and explain instead. */
export const MAX_REFUSALS = 3;

/** Room for every reason of a proposal of ten actions, each naming its fields. */
const REFUSAL_CHARS = 32_000;

/** Edits that omit expectedSha256 get the hash of the file the model read, so apply can detect a change since. */
function withHashes(proposal: Proposal, hashes: Map<string, string>): Proposal {
  const actions = proposal.actions.map((a) => {
    if (a.type !== 'edit_file' || a.expectedSha256 !== undefined) return a;
    const sha = hashes.get(`${a.pod}/${a.container}/${a.path}`);
    return sha ? { ...a, expectedSha256: sha } : a;
  });
  return { ...proposal, actions };
}

/** The caller's further checks; a check that throws refuses the proposal rather than ending the run. */
async function validated(ctx: ToolContext, proposal: Proposal): Promise<string[]> {
  try {
    return (await ctx.validate?.(proposal)) ?? [];
  } catch (err) {
    return [`the proposal could not be checked: ${describeError(err)}`];
  }
}

export function proposeTool(ctx: ToolContext) {
  return tool(
    'propose_fix',
    "Propose the fix, once, after investigating. Every target must be this incident's own pods or workload in its namespace. " +
      'Actions run in order after a person approves: edit_file (whole new content), exec (argv), restart_pod, patch_workload (strategic merge patch of the workload). ' +
      'For a workload deployed from a GitOps repository: edit_repo_file (a manifest under the source path, whole new content, baseBlobSha from read_repo_file), delivered as a pull request and never combined with the live actions.',
    Proposal.shape,
    async (input) => {
      if (ctx.state.proposal)
        return fail(
          'A proposal is already recorded for this incident. Do not call propose_fix again; finish with a short summary.',
        );
      if (ctx.state.refusals >= MAX_REFUSALS)
        return fail('Too many refused proposals. Stop and explain in words why no safe fix exists.');
      const parsed = Proposal.safeParse(input);
      if (!parsed.success) {
        ctx.state.refusals++;
        return fail(
          `Refused: the proposal does not match the schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      // Hashes first, so the caller's checks see (and may remember) exactly the proposal that is recorded.
      const proposal = withHashes(parsed.data, ctx.fileHashes);
      // The caller's checks run even when the scope check fails, so the model hears every reason at once.
      const reasons = [
        ...new Set([...checkProposal(proposal, ctx.scope), ...(ctx.validate ? await validated(ctx, proposal) : [])]),
      ];
      if (reasons.length > 0) {
        ctx.state.refusals++;
        ctx.logger.info({ incidentId: ctx.incident.id, reasons }, 'proposal refused');
        // Every reason, whole: the model can only correct what it is told (one line per field at fault).
        return fail(
          `Refused:\n- ${reasons.join('\n- ')}\nCorrect the proposal and call propose_fix again, or explain why no safe fix exists.`,
          REFUSAL_CHARS,
        );
      }
      ctx.state.proposal = proposal;
      return ok(
        'Proposal recorded. A person will review it. Do not call propose_fix again; reply with one short paragraph and stop.',
      );
    },
  );
}
