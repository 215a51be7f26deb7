// Reading proposals back: the store keeps their JSON, the fixer parses it through the Proposal schema here, once.
import { ClopusError } from '../errors.js';
import type { ProposalRecord, Store } from '../store/index.js';
import { Proposal } from './proposal/schema.js';

export interface StoredProposal extends Omit<ProposalRecord, 'summary' | 'actions'> {
  proposal: Proposal;
}

/** Parses a stored proposal; a row that no longer fits the schema is a STORE_ERROR naming it, never applied. */
export function parseProposalRecord(record: ProposalRecord): StoredProposal {
  const { summary, actions, ...rest } = record;
  const parsed = Proposal.safeParse({ summary, actions });
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ClopusError('STORE_ERROR', `Proposal ${record.id} in the database does not fit the proposal schema (${why}); it cannot be shown or applied.`);
  }
  return { ...rest, proposal: parsed.data };
}

export function loadProposal(store: Pick<Store, 'getProposal'>, id: number): StoredProposal | undefined {
  const record = store.getProposal(id);
  return record === undefined ? undefined : parseProposalRecord(record);
}

/** The incident's newest proposal, whatever its status (check `status === 'pending'` before acting on it). */
export function loadLatestProposal(store: Pick<Store, 'latestProposal'>, incidentId: number): StoredProposal | undefined {
  const record = store.latestProposal(incidentId);
  return record === undefined ? undefined : parseProposalRecord(record);
}
