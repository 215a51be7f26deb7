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
