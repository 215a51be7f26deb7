// The safety envelope's vocabulary: the named change classes a proposal's actions may fall into. An action that
// fits none of them is refused; nothing outside this list can be approved, by a person or by a policy.
import { CHANGE_CLASS_NAMES } from '../../config/index.js';

/** Every change a proposal may make, by name; config lists them (trusted rules name them), so the list lives there. */
export const CHANGE_CLASSES = CHANGE_CLASS_NAMES;
export type ChangeClass = (typeof CHANGE_CLASSES)[number];

/** One action of a proposal, placed in its class, with the fields (or file, or argv) it changes. */
export interface ClassifiedAction {
  /** 1-based position in the proposal. */
  seq: number;
  changeClass: ChangeClass;
  /** What changes, as a reviewer reads it: spec paths, the file's path, the pod, or the argv. */
  fields: string[];
}

export type EnvelopeVerdict = { ok: true; actions: ClassifiedAction[] } | { ok: false; problems: string[] };
