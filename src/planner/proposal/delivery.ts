// How a proposal planned in a clone of the manifests repository reaches the cluster: a pull request against the
// branch the GitOps controller syncs. Written by the planner, never by the model; stored with the proposal.
import { z } from 'zod';
import { CHANGE_CLASSES } from '../envelope/types.js';
import { PatchWorkloadAction } from './schema.js';

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-hex commit');

export const GitOpsDelivery = z.object({
  kind: z.literal('pull_request'),
  /** The repository's HTTPS URL, as the manager names it and gitops.repositories lists it. */
  repoUrl: z.string().min(1),
  /** The branch the PR targets (the one the controller tracks). */
  base: z.string().min(1),
  /** The manager's path inside the repository; every edit lies under it. */
  sourcePath: z.string(),
  /** The commit the proposal was planned at; each edit names its file's blob there. */
  plannedAt: sha,
  /** The git tree of sourcePath at plannedAt: a different tree at approval means something else there changed. */
  sourceTree: sha.optional(),
  manager: z.object({
    kind: z.enum(['argocd', 'flux-kustomization']),
    namespace: z.string(),
    name: z.string(),
    selfHeal: z.boolean(),
    /** describeManager's sentence, as shown when the proposal was made. */
    description: z.string(),
  }),
  /**
   * Offered only where the manager does not revert drift (self-heal off): the same change as a live patch, to apply
   * now beside the PR ("live patch now + PR"), vetted by the envelope like any proposal, with its diff.
   */
  livePatch: z
    .object({
      action: PatchWorkloadAction,
      classes: z.array(
        z.object({
          seq: z.number().int().min(1),
          changeClass: z.enum(CHANGE_CLASSES),
          fields: z.array(z.string()),
        }),
      ),
      diff: z.string(),
    })
    .optional(),
});
export type GitOpsDelivery = z.infer<typeof GitOpsDelivery>;
