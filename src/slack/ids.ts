// Names that tie Slack back to Clopus: action IDs, button values, and the keys of messages in the outbox.

export const ACTION = { approve: 'clopus_approve', reject: 'clopus_reject', rollback: 'clopus_rollback' } as const;
export type DecisionKind = keyof typeof ACTION;

/** A button names the incident and the proposal it was shown for, so a click on an old proposal is caught. */
export const buttonValue = (incidentId: number, proposalId: number): string => `${incidentId}:${proposalId}`;

export function parseButtonValue(value: string): { incidentId: number; proposalId: number } | undefined {
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(value);
  return m ? { incidentId: Number(m[1]), proposalId: Number(m[2]) } : undefined;
}

/** A logical message: the incident's own, or one part of a proposal in its thread. */
export const incidentTarget = (incidentId: number): string => `incident:${incidentId}`;
export const proposalTarget = (proposalId: number, part: number): string => `proposal:${proposalId}:${part}`;

export const postKey = (target: string): string => `post:${target}`;
export const updateKey = (target: string, version: number, digest: string): string => `update:${target}:${version}:${digest}`;
