// What a decision is bound to: the proposal a person was shown, named by its id and a hash of its actions. Every
// face (a button, /clopus, the CLI) computes the hash here, so they agree; approving or rejecting anything else is
// refused with the same sentence.
import { createHash } from 'node:crypto';
import type { ProposalRecord, Store } from '../../store/index.js';

/** The proposal a person saw: its id, and `actionsHash` of its stored actions. */
export interface ExpectedProposal {
  proposalId: number;
  actionsHash: string;
}

const ACTIONS_HASH_CHARS = 16;

/** The words every face shows when a decision names a proposal that is no longer the one on the table. */
export const REPLACED = 'a newer proposal replaced the one you saw';

/** JSON with object keys sorted at every level, so the same actions hash the same however they were written. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The first 16 hex digits of SHA-256 over the canonical JSON of a proposal's stored actions. */
export function actionsHash(actions: unknown): string {
  return createHash('sha256').update(canonicalJson(actions), 'utf8').digest('hex').slice(0, ACTIONS_HASH_CHARS);
}

/** The binding for a stored proposal, as a face shows it. */
export const expectedOf = (record: Pick<ProposalRecord, 'id' | 'actions'>): ExpectedProposal => ({
  proposalId: record.id,
  actionsHash: actionsHash(record.actions),
});

/** The binding for proposal `proposalId` as it is stored now (a proposal the person named by its id). */
export function expectedFor(store: Pick<Store, 'getProposal'>, proposalId: number): ExpectedProposal {
  const record = store.getProposal(proposalId);
  // A proposal that does not exist matches nothing: the decision is refused as naming a replaced one.
  return { proposalId, actionsHash: record ? actionsHash(record.actions) : '' };
}

/**
 * Why `latest` (the incident's newest proposal) is not the one the person saw, in a sentence that starts after
 * "Not approved: " or "Not rejected: "; undefined when it is that proposal, with those actions.
 */
export function replacedBecause(
  incidentId: number,
  latest: Pick<ProposalRecord, 'id' | 'actions'>,
  expected: ExpectedProposal,
): string | undefined {
  if (latest.id !== expected.proposalId) {
    return `${REPLACED} (you saw proposal ${expected.proposalId}; incident ${incidentId}'s proposal is now ${latest.id}). Nothing was changed; review proposal ${latest.id} and decide on it.`;
  }
  if (actionsHash(latest.actions) !== expected.actionsHash) {
    return `${REPLACED} (the actions of proposal ${latest.id} are not the ones you were shown). Nothing was changed; review it again and decide on what it says now.`;
  }
  return undefined;
}
