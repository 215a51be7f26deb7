// Names that tie Slack back to Clopus: action IDs, button values, and the keys of messages in the outbox.

export const ACTION = { approve: 'clopus_approve', reject: 'clopus_reject', rollback: 'clopus_rollback' } as const;
export type DecisionKind = keyof typeof ACTION;
/** "Live patch now + PR": an approval that also patches live, offered beside "Open PR" where self-heal is off. */
export const APPROVE_LIVE = 'clopus_approve_live';

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
