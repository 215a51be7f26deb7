// The safety envelope's vocabulary: the named change classes a proposal's actions may fall into. An action that
// fits none of them is refused; nothing outside this list can be approved, by a person or by a policy.

/** Every change a proposal may make, by name. Order is the order the README documents them in. */
export const CHANGE_CLASSES = [
  'resources',
  'image-rollback',
  'image-tag',
  'probe-tuning',
  'env-literal',
  'scale',
  'restart-pod',
  'config-file',
  'exec-allowed',
] as const;
export type ChangeClass = (typeof CHANGE_CLASSES)[number];

/** Classes a trusted rule may never auto-approve: a person must pick an image that never ran here. */
export const PERSON_ONLY_CLASSES: readonly ChangeClass[] = ['image-tag'];

/** One action of a proposal, placed in its class, with the fields (or file, or argv) it changes. */
export interface ClassifiedAction {
  /** 1-based position in the proposal. */
  seq: number;
  changeClass: ChangeClass;
  /** What changes, as a reviewer reads it: spec paths, the file's path, the pod, or the argv. */
  fields: string[];
}

export type EnvelopeVerdict =
  | { ok: true; actions: ClassifiedAction[] }
  | { ok: false; problems: string[] };
