// Proposals and the decisions people (or the policy) make on them, with the incident moves those decisions carry.

import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import { decideProposal, withdrawApproval } from '../decide.js';
import { listDecisions, recordDecision } from '../decisions.js';
import type {
  ApprovalWithdrawal,
  Decision,
  NewDecision,
  NewProposalRecord,
  ProposalDecision,
  ProposalDecisionResult,
  ProposalRecord,
  ProposalStatus,
} from '../fix-types.js';
import { getProposal, latestProposal, listProposals, saveProposal, setProposalStatus } from '../proposals.js';

export interface ProposalRepository {
  /** Saves a pending proposal; the incident's earlier pending proposals become `superseded`. */
  saveProposal(input: NewProposalRecord): ProposalRecord;
  getProposal(id: number): ProposalRecord | undefined;
  latestProposal(incidentId: number): ProposalRecord | undefined;
  listProposals(incidentId: number): ProposalRecord[];
  setProposalStatus(id: number, from: ProposalStatus | readonly ProposalStatus[], to: ProposalStatus): boolean;

  /** One row per proposal and decision kind; `created` is false for a repeat (a double click). */
  recordDecision(input: NewDecision): { decision: Decision; created: boolean };
  listDecisions(proposalId: number): Decision[];
  /** A decision, the proposal's status and the incident's move in one transaction; at most one of approve/reject wins. */
  decideProposal(input: ProposalDecision): ProposalDecisionResult;
  /**
   * Takes back an approval that was never carried out (the cluster could not be read to re-check it): incident,
   * proposal and decision row in one transaction. False, writing nothing, when the incident or the proposal has
   * moved on from `approved`.
   */
  withdrawApproval(input: ApprovalWithdrawal): boolean;
}

/** Proposal operations over the store's one connection. */
export function proposalRepository(ctx: StoreContext): ProposalRepository {
  return {
    saveProposal: guarded('saveProposal', (input) => saveProposal(ctx, input)),
    getProposal: guarded('getProposal', (id) => getProposal(ctx, id)),
    latestProposal: guarded('latestProposal', (incidentId) => latestProposal(ctx, incidentId)),
    listProposals: guarded('listProposals', (incidentId) => listProposals(ctx, incidentId)),
    setProposalStatus: guarded('setProposalStatus', (id, from, to) => setProposalStatus(ctx, id, from, to)),
    recordDecision: guarded('recordDecision', (input) => recordDecision(ctx, input)),
    listDecisions: guarded('listDecisions', (proposalId) => listDecisions(ctx, proposalId)),
    decideProposal: guarded('decideProposal', (input) => decideProposal(ctx, input)),
    withdrawApproval: guarded('withdrawApproval', (input) => withdrawApproval(ctx, input)),
  };
}
