// Pull requests: one per proposal, followed from open through merged to the synced revision.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

afterEach(cleanup);

const summary = { rootCause: 'The limit is too low.', confidence: 'high', risk: 'low' };

function proposalFor(store: Store): { incidentId: number; proposalId: number } {
  const incident = store.createIncident(newIncident(), 'detector');
  bringTo(store, incident.id, 'proposed');
  const proposal = store.saveProposal({ incidentId: incident.id, diagnosisId: null, summary, actions: [], diff: '' });
  return { incidentId: incident.id, proposalId: proposal.id };
}

describe('pull requests', () => {
  it('records a PR once per proposal and follows it from open to merged and synced', () => {
    const clock = manualClock('2026-12-03T10:00:00.000Z');
    const store = open(tempDbPath(), clock);
    const { incidentId, proposalId } = proposalFor(store);
    const input = {
      incidentId,
      proposalId,
      repoUrl: 'https://github.com/shop/manifests',
      forge: 'github' as const,
      number: 7,
      url: 'https://github.com/shop/manifests/pull/7',
      branch: `clopus/incident-${incidentId}`,
      base: 'main',
      headSha: 'a'.repeat(40),
    };
    const pr = store.recordPullRequest(input);
    expect(store.recordPullRequest({ ...input, number: 8 }).number).toBe(7);
    expect(store.pullRequestsIn('open').map((p) => p.id)).toEqual([pr.id]);

    clock.advance(300);
    store.updatePullRequest(pr.id, { etag: 'W/"1"' });
    const merged = store.updatePullRequest(pr.id, { state: 'merged', mergeSha: 'b'.repeat(40), mergedBy: 'alice' });
    expect(merged).toMatchObject({ state: 'merged', mergedBy: 'alice', etag: 'W/"1"' });
    expect(merged?.mergedAt).toBe('2026-12-03T10:05:00.000Z');
    store.updatePullRequest(pr.id, { syncedRevision: 'b'.repeat(40) });
    expect(store.latestPullRequest(incidentId)).toMatchObject({ syncedRevision: 'b'.repeat(40), livePatch: false });
    expect(store.pullRequestsIn('open')).toEqual([]);
    expect(store.pullRequestsOf(incidentId)).toHaveLength(1);
  });
});
