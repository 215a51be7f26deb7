// GitOps pull requests: where a fix went as a PR, and how far it got.

import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import {
  latestPullRequest,
  type NewPullRequest,
  type PullRequestRecord,
  type PullRequestState,
  type PullRequestUpdate,
  pullRequestsIn,
  pullRequestsOf,
  recordPullRequest,
  updatePullRequest,
} from '../pull-requests.js';

export interface PullRequestRepository {
  /** One row per proposal; a repeat returns the first. */
  recordPullRequest(input: NewPullRequest): PullRequestRecord;
  updatePullRequest(id: number, update: PullRequestUpdate): PullRequestRecord | undefined;
  /** The incident's newest PR. */
  latestPullRequest(incidentId: number): PullRequestRecord | undefined;
  pullRequestsOf(incidentId: number): PullRequestRecord[];
  /** Every PR in a state, oldest first: the tracker polls the open ones and waits on the merged ones' sync. */
  pullRequestsIn(state: PullRequestState): PullRequestRecord[];
}

export function pullRequestRepository(ctx: StoreContext): PullRequestRepository {
  return {
    recordPullRequest: guarded('recordPullRequest', (input) => recordPullRequest(ctx, input)),
    updatePullRequest: guarded('updatePullRequest', (id, update) => updatePullRequest(ctx, id, update)),
    latestPullRequest: guarded('latestPullRequest', (incidentId) => latestPullRequest(ctx, incidentId)),
    pullRequestsOf: guarded('pullRequestsOf', (incidentId) => pullRequestsOf(ctx, incidentId)),
    pullRequestsIn: guarded('pullRequestsIn', (state) => pullRequestsIn(ctx, state)),
  };
}
