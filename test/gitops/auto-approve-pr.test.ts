// Auto-approve on a GitOps-managed workload in a trusted namespace: the fixer loop with the policy (as `clopus
// serve` runs it) opens the pull request as the rule, and never merges it. The PR stays open, and the incident
// pr_open, through every tracking pass, until a person merges it on the forge; then the sync delivers the fix.
import { afterEach, describe, expect, it } from 'vitest';
import { type FixerWithPolicy, startFixerWithPolicy } from '../../src/app/with-policy.js';
import { silentLogger } from '../../src/logger.js';
import type { AutoApproveOutcome, PolicyConfig } from '../../src/policy/index.js';
import { waitFor } from '../helpers/wait.js';
import { REPO, type Stage, stage } from './stage.js';

const policy: PolicyConfig = {
  approvers: [],
  namespaceApprovers: [],
  trusted: [{ name: 'shop-gitops', namespaces: ['shop'], classes: ['resources'], maxPerHour: 3 }],
};

let s: Stage | undefined;
let loop: FixerWithPolicy | undefined;
afterEach(async () => {
  await loop?.stop();
  await s?.stop();
  s = loop = undefined;
});

const merges = (st: Stage) =>
  st.forge.github.requests.filter((r) => r.operationId === 'pulls/merge' || /\/pulls\/\d+\/merge\b/.test(r.path));

describe('auto-approve on a GitOps-managed workload', () => {
  it('opens the PR as the rule, never merges it, and waits in pr_open until a person merges', async () => {
    // The background poll stays out of the way; the test runs each tracking pass itself.
    s = await stage({ pollSeconds: 3600 });
    const st = s;
    const judged: Array<[number, AutoApproveOutcome]> = [];
    const verdicts: Array<[number, string]> = [];
    const incident = await st.oomIncident();
    loop = startFixerWithPolicy({
      store: st.h.store,
      kube: st.h.kube,
      config: st.config,
      logger: silentLogger(),
      policy,
      gitops: st.gitops,
      sweepMs: 3_600_000,
      verifyPollMs: 100,
      onAutoApprove: (id, outcome) => judged.push([id, outcome]),
      onVerdict: (id, result) => verdicts.push([id, result.outcome]),
    });
    loop.enqueue(incident.id);
    await waitFor(() => judged.length > 0, { what: 'the policy to judge the proposal', timeoutMs: 30_000 });
    await loop.idle();

    expect(judged).toEqual([[incident.id, expect.objectContaining({ outcome: 'approved', rule: 'shop-gitops' })]]);
    expect(judged[0]![1]).toMatchObject({ message: expect.stringContaining(st.forge.github.htmlUrl(REPO, 1)) });
    const store = st.h.store;
    expect(store.getIncident(incident.id)?.state).toBe('pr_open');
    const why = store.auditTrail(incident.id).find((a) => a.action === 'auto_approve');
    expect(JSON.parse(why!.detail!)).toMatchObject({ rule: 'shop-gitops', classes: ['resources'] });
    expect(store.listDecisions(store.latestProposal(incident.id)!.id)).toEqual([
      expect.objectContaining({ actor: 'policy:shop-gitops', decision: 'approve', via: 'policy' }),
    ]);
    const [pull] = st.forge.github.pulls(REPO);
    expect(pull).toMatchObject({ number: 1, head: `clopus/incident-${incident.id}`, base: 'main', state: 'open' });
    const commit = await st.forge.git.commit(`${REPO}.git`, `clopus/incident-${incident.id}`);
    expect(commit?.message).toContain('Approved-by: policy:shop-gitops');

    // Tracking passes follow the PR and leave it alone: no merge call, still open, the cluster untouched.
    await loop.trackPullRequests();
    await loop.trackPullRequests();
    await st.sync.tick();
    expect(merges(st)).toEqual([]);
    expect(st.forge.github.pulls(REPO)[0]?.state).toBe('open');
    expect(store.getIncident(incident.id)?.state).toBe('pr_open');
    expect(st.limit()).toBe('64Mi');

    // A person merges on the forge; only then does the fix reach the cluster and get verified.
    await st.forge.github.mergePull(REPO, 1, 'bob');
    await loop.trackPullRequests();
    expect(store.getIncident(incident.id)?.state).toBe('syncing');
    await st.sync.tick();
    expect(st.limit()).toBe('128Mi');
    await loop.trackPullRequests();
    await waitFor(() => store.getIncident(incident.id)?.state === 'verified', {
      what: 'the merged fix to be verified',
      timeoutMs: 20_000,
      detail: () => store.getIncident(incident.id)?.state,
    });
    expect(verdicts).toEqual([[incident.id, 'verified']]);
    expect(merges(st)).toEqual([]);
    expect(st.forge.github.violations).toEqual([]);
    const trail = store.auditTrail(incident.id).map((a) => `${a.actor} ${a.toState}`);
    expect(trail).toEqual(
      expect.arrayContaining(['policy:shop-gitops approved', 'policy:shop-gitops pr_open', 'github:bob syncing']),
    );
  }, 60_000);
});
