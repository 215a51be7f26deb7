// Names that tie Slack back to Clopus: action IDs, button values, and the keys of messages in the outbox.

export const ACTION = { approve: 'clopus_approve', reject: 'clopus_reject', rollback: 'clopus_rollback' } as const;
export type DecisionKind = keyof typeof ACTION;
/** "Live patch now + PR": an approval that also patches live, offered beside "Open PR" where self-heal is off. */
export const APPROVE_LIVE = 'clopus_approve_live';
/** "Request changes": opens the revise modal; its value is the same bound buttonValue as Approve's. */
export const REQUEST_CHANGES = 'clopus_request_changes';

/**
 * The modals' callback_ids, and the block and action id of each one's text input. Reject's callback_id is its
 * button's action_id too: Bolt keeps actions and views apart, and one name reads the same in logs for both.
 */
export const MODAL = {
  revise: { callbackId: 'clopus_revise', input: 'request' },
  reject: { callbackId: 'clopus_reject', input: 'reason' },
} as const;
export type ModalKind = keyof typeof MODAL;
/** What a reviewer may type: a revision request, a rejection reason (the same caps as `/clopus`). */
export const MAX_REQUEST_CHARS = 2000;
export const MAX_REASON_CHARS = 500;

/**
 * A button names the incident, the proposal it was shown for and the hash of that proposal's actions, so a click
 * decides on exactly what the person saw. Values without the hash come from messages posted by older versions.
 */
export const buttonValue = (incidentId: number, proposalId: number, actionsHash: string): string =>
  `${incidentId}:${proposalId}:${actionsHash}`;

export function parseButtonValue(
  value: string,
): { incidentId: number; proposalId: number; actionsHash?: string } | undefined {
  const m = /^(\d{1,15}):(\d{1,15})(?::([0-9a-f]{16}))?$/.exec(value);
  if (!m) return undefined;
  return { incidentId: Number(m[1]), proposalId: Number(m[2]), ...(m[3] ? { actionsHash: m[3] } : {}) };
}

/** A logical message: the incident's own, or one part of a proposal in its thread. */
export const incidentTarget = (incidentId: number): string => `incident:${incidentId}`;
export const proposalTarget = (proposalId: number, part: number): string => `proposal:${proposalId}:${part}`;

export const postKey = (target: string): string => `post:${target}`;
export const updateKey = (target: string, version: number, digest: string): string =>
  `update:${target}:${version}:${digest}`;

/** What a modal carries from the click that opened it to its submission (private_metadata, ≤ 3000 characters). */
export interface ModalContext {
  incidentId: number;
  proposalId: number;
  actionsHash: string;
  /** Where the click came from, so the answer to the submission can be shown there. */
  channel?: string;
  threadTs?: string;
}

export const modalMetadata = (c: ModalContext): string => JSON.stringify(c).slice(0, 3000);
