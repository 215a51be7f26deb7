// Who deploys a workload: a GitOps controller or Helm. A live patch to a managed workload lasts only until the
// manager next applies its own manifests, so every face shows it beside the incident.
import { z } from 'zod';

export const MANAGER_KINDS = ['argocd', 'flux-kustomization', 'flux-helmrelease', 'helm'] as const;
export type ManagerKind = (typeof MANAGER_KINDS)[number];

export const WorkloadManager = z.object({
  kind: z.enum(MANAGER_KINDS),
  /** The managing object: the Argo CD Application, the Flux Kustomization or HelmRelease, or the Helm release. */
  namespace: z.string(),
  name: z.string(),
  /** Whether the manager reverts live drift on its own (Argo CD selfHeal, Flux unless suspended). */
  selfHeal: z.boolean(),
  /** One sentence: "managed by Argo CD app argocd/shop-api, self-heal on: a live patch would be reverted…". */
  description: z.string(),
});
export type WorkloadManager = z.infer<typeof WorkloadManager>;
