// What every answer of the API server is checked against before it leaves the kube module: just enough of
// ObjectMeta and of a list to know the answer is the kind of thing asked for. looseObject keeps every other field,
// so callers still see the object as the server sent it and parse the parts they use with their own schemas.
import { z } from 'zod';

const OwnerReference = z.looseObject({
  kind: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  controller: z.boolean().optional(),
});

export const ObjectMeta = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  ownerReferences: z.array(OwnerReference).optional(),
});

/** Any Kubernetes object (a Pod, a Job, a Status answering a DELETE…). */
export const KubeObject = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: ObjectMeta.optional(),
});
export type KubeObject = z.infer<typeof KubeObject>;

const ListMeta = z.looseObject({ resourceVersion: z.string().optional(), continue: z.string().optional() });

/** A list of `item`; `items` is always an array (Go writes `null` for an empty one). */
export function listOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    metadata: ListMeta.optional(),
    items: z.preprocess((v) => v ?? [], z.array(item)),
  });
}

export const ObjectList = listOf(KubeObject);
export type ObjectList = z.infer<typeof ObjectList>;

/** The Status of a watch ERROR event (410 Expired: the resourceVersion is too old). */
export const WatchStatus = z.looseObject({
  code: z.number().optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
});
export type WatchStatus = z.infer<typeof WatchStatus>;

/** For answers nobody reads (a DELETE's Status or object): any body, even none. */
export const Ignored = z.unknown();

// GitOps custom resources (Argo CD, Flux): only the fields the gitops module reads, every other field kept. They are
// schemaless to us (a CRD's version may add or drop fields), so a field written as null reads as absent.
const maybe = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === null ? undefined : v), s.optional());
const GitOpsMeta = ObjectMeta.extend({ name: z.string(), namespace: z.string() });

const ArgoSource = z.looseObject({
  repoURL: z.string(),
  path: maybe(z.string()),
  targetRevision: maybe(z.string()),
  chart: maybe(z.string()),
  /** In a multi-source app: the name other sources use as `$ref` (a values-only source renders nothing). */
  ref: maybe(z.string()),
  helm: maybe(z.looseObject({ valueFiles: maybe(z.array(z.string())), releaseName: maybe(z.string()) })),
});
export type ArgoSource = z.infer<typeof ArgoSource>;

/** argoproj.io/v1alpha1 Application. */
export const ArgoApplication = KubeObject.extend({
  metadata: GitOpsMeta,
  spec: z.looseObject({
    source: maybe(ArgoSource),
    sources: maybe(z.array(ArgoSource)),
    destination: maybe(
      z.looseObject({ namespace: maybe(z.string()), server: maybe(z.string()), name: maybe(z.string()) }),
    ),
    syncPolicy: maybe(
      z.looseObject({
        // Argo CD 3.x: `enabled: false` keeps the block but turns auto-sync off; null or absent means on.
        automated: maybe(
          z.looseObject({ enabled: maybe(z.boolean()), selfHeal: maybe(z.boolean()), prune: maybe(z.boolean()) }),
        ),
      }),
    ),
  }),
  status: maybe(
    z.looseObject({
      sync: maybe(
        z.looseObject({
          status: maybe(z.string()),
          revision: maybe(z.string()),
          revisions: maybe(z.array(z.string())),
        }),
      ),
      health: maybe(z.looseObject({ status: maybe(z.string()) })),
      operationState: maybe(z.looseObject({ phase: maybe(z.string()) })),
    }),
  ),
});
export type ArgoApplication = z.infer<typeof ArgoApplication>;

const FluxSourceRef = z.looseObject({ kind: z.string(), name: z.string(), namespace: maybe(z.string()) });
const FluxCondition = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: maybe(z.string()),
  message: maybe(z.string()),
});

/** kustomize.toolkit.fluxcd.io/v1 Kustomization. */
export const FluxKustomization = KubeObject.extend({
  metadata: GitOpsMeta,
  spec: z.looseObject({
    path: maybe(z.string()),
    sourceRef: FluxSourceRef,
    prune: maybe(z.boolean()),
    suspend: maybe(z.boolean()),
    interval: maybe(z.string()),
  }),
  status: maybe(
    z.looseObject({
      lastAppliedRevision: maybe(z.string()),
      lastAttemptedRevision: maybe(z.string()),
      conditions: maybe(z.array(FluxCondition)),
    }),
  ),
});
export type FluxKustomization = z.infer<typeof FluxKustomization>;

/** source.toolkit.fluxcd.io/v1 GitRepository. */
export const FluxGitRepository = KubeObject.extend({
  metadata: GitOpsMeta,
  spec: z.looseObject({
    url: z.string(),
    ref: maybe(
      z.looseObject({
        branch: maybe(z.string()),
        tag: maybe(z.string()),
        semver: maybe(z.string()),
        commit: maybe(z.string()),
        name: maybe(z.string()),
      }),
    ),
    secretRef: maybe(z.looseObject({ name: z.string() })),
  }),
  status: maybe(z.looseObject({ artifact: maybe(z.looseObject({ revision: maybe(z.string()) })) })),
});
export type FluxGitRepository = z.infer<typeof FluxGitRepository>;

/** helm.toolkit.fluxcd.io/v2 HelmRelease. */
export const FluxHelmRelease = KubeObject.extend({
  metadata: GitOpsMeta,
  spec: z.looseObject({
    chart: maybe(
      z.looseObject({
        spec: z.looseObject({ chart: z.string(), sourceRef: FluxSourceRef, version: maybe(z.string()) }),
      }),
    ),
    chartRef: maybe(FluxSourceRef),
    releaseName: maybe(z.string()),
    targetNamespace: maybe(z.string()),
    suspend: maybe(z.boolean()),
    // Flux ≥ 2.2: drift is corrected only with mode `enabled` (`warn` only reports it; the default is `disabled`).
    driftDetection: maybe(z.looseObject({ mode: maybe(z.string()) })),
  }),
  status: maybe(z.looseObject({ lastAttemptedRevision: maybe(z.string()) })),
});
export type FluxHelmRelease = z.infer<typeof FluxHelmRelease>;

/** A Secret's data: base64 values by key (stringData never comes back from the server). */
export const SecretData = z.looseObject({ data: maybe(z.record(z.string(), z.string())) });
export type SecretData = z.infer<typeof SecretData>;
