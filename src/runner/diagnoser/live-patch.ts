// "Live patch now + PR": where the manager does not revert drift (self-heal off), a repository fix may also go live
// at once, lasting until the next sync, while its PR makes it permanent. The live patch is the rendered workload's
// pod template after the edit, as a strategic merge patch, vetted by the envelope and dry-run like any proposal,
// and its diff is shown beside the PR's, so the reviewer sees every byte either choice would land.
import { isWorkload, type RepoView, renderWithEdits } from '../../gitops/index.js';
import type { Logger } from '../../logger.js';
import { type PlanInput, type Proposal, vetProposal } from '../../planner/index.js';
import type { GitOpsDelivery } from '../../planner/proposal/index.js';
import type { DiagnoseDeps } from './types.js';

export type LivePatchOffer = NonNullable<GitOpsDelivery['livePatch']>;

const REASON = 'The same change as the pull request, live now; with self-heal off it lasts until the next sync';

export async function offerLivePatch(
  deps: DiagnoseDeps,
  input: PlanInput,
  repo: RepoView,
  proposal: Proposal,
  logger: Logger,
): Promise<LivePatchOffer | undefined> {
  const { incident } = input;
  const edits = proposal.actions.flatMap((a) =>
    a.type === 'edit_repo_file' ? [{ path: a.path, content: a.content }] : [],
  );
  try {
    const rendered = await renderWithEdits(repo, edits);
    const workload = { kind: incident.workloadKind, namespace: incident.namespace, name: incident.workloadName };
    const after = rendered.find((o) => isWorkload(o, workload));
    const template = (after?.spec as { template?: unknown } | undefined)?.template;
    if (!template || typeof template !== 'object') return undefined;
    const action = { type: 'patch_workload' as const, reason: REASON, patch: { spec: { template } } };
    const v = await vetProposal(deps, input, { summary: proposal.summary, actions: [action] });
    const [live] = v.proposal?.actions ?? [];
    if (live?.type !== 'patch_workload' || !v.diff || !v.classes || v.problems.length > 0) {
      logger.info({ incidentId: incident.id, problems: v.problems }, 'no live patch offered beside the PR');
      return undefined;
    }
    return { action: live, classes: v.classes, diff: v.diff.text };
  } catch (err) {
    logger.warn({ err, incidentId: incident.id }, 'the live patch beside the PR could not be prepared');
    return undefined;
  }
}

/** The live patch's diff under its own heading, after the PR's: not a numbered action of the proposal. */
export function withLiveSection(diff: string, offer: LivePatchOffer): string {
  const body = offer.diff.replace(/^1\. patch_workload /, 'patch_workload ');
  return `${diff.trimEnd()}\n\nLive patch now + PR (applied only if chosen; self-heal is off, so it lasts until the next sync):\n${body}`;
}
