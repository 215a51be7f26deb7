// Auto-approve: a trusted namespace, every action kind allowed there, not paused and under the hourly limit →
// approved through the decision service as "policy:<rule>"; otherwise a person decides and the trail says why.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService, loadLatestProposal } from '../../src/fixer/index.js';
import { silentLogger } from '../../src/logger.js';
import { autoApprove, setPaused, trustFor, type AutoApproveDeps, type PolicyConfig } from '../../src/policy/index.js';
import { render } from '../../src/slack/index.js';
import { loadIncidentView } from '../../src/slack/view.js';
import type { Store } from '../../src/store/index.js';
import { proposedOom, type Proposed } from '../fixer/decide/setup.js';
import { cleanup, manualClock, newIncident, open, tempDbPath } from '../store/fixtures.js';

afterEach(cleanup);

const RULE = { name: 'staging', namespaces: ['staging-*', 'shop'], actions: ['restart_pod', 'patch_workload'] as Array<'restart_pod' | 'patch_workload'>, maxPerHour: 2 };
const policy: PolicyConfig = { approvers: [], namespaceApprovers: [], trusted: [RULE] };

describe('trustFor', () => {
  it.each([
    ['staging-1', ['restart_pod'], { trusted: true }],
    ['shop', ['patch_workload', 'restart_pod'], { trusted: true }],
    ['staging-1', ['restart_pod', 'exec'], { trusted: false, reason: 'rule staging does not allow exec' }],
    ['prod', ['restart_pod'], { trusted: false, reason: 'namespace prod is not trusted' }],
  ] as const)('%s with %j', (ns, kinds, expected) => {
    expect(trustFor(policy, ns, kinds)).toMatchObject(expected);
  });
});

function proposedIn(store: Store, namespace: string, name: string, actions: unknown[] = [{ type: 'restart_pod', reason: 'restart', pod: `${name}-1` }]): number {
  const id = store.createIncident(newIncident({ namespace, workloadName: name }), 'detector').id;
  store.transition(id, 'open', 'diagnosing', { actor: 'fixer' });
  store.saveProposal({ incidentId: id, diagnosisId: null, summary: { rootCause: 'It crashed.', confidence: 'high', risk: 'low' }, actions, diff: '' });
  store.transition(id, 'diagnosing', 'proposed', { actor: 'fixer' });
  return id;
}

function deps(store: Store, approved: Array<[number, string]>, clock = manualClock()): AutoApproveDeps {
  return {
    store, policy, logger: silentLogger(), now: clock.now,
    pendingProposal: (id) => {
      const p = loadLatestProposal(store, id);
      return p?.status === 'pending' ? { id: p.id, kinds: p.proposal.actions.map((a) => a.type) } : undefined;
    },
    approve: async (id, actor) => {
      approved.push([id, actor]);
      return { ok: true, outcome: 'applied', message: `Approved by ${actor}` };
    },
  };
}

describe('autoApprove', () => {
  it('approves as the rule, at most maxPerHour per namespace, and audits why it stopped', async () => {
    const clock = manualClock();
    const store = open(tempDbPath(), clock);
    const approved: Array<[number, string]> = [];
    const ids = [proposedIn(store, 'staging-1', 'a'), proposedIn(store, 'staging-1', 'b'), proposedIn(store, 'staging-1', 'c'), proposedIn(store, 'staging-2', 'd')];

    const results = [];
    for (const id of ids) results.push(await autoApprove(deps(store, approved, clock), id));

    expect(results.map((r) => r.outcome)).toEqual(['approved', 'approved', 'skipped', 'approved']);
    expect(approved).toEqual([[ids[0], 'policy:staging'], [ids[1], 'policy:staging'], [ids[3], 'policy:staging']]);
    expect(store.auditTrail(ids[2]!).at(-1)).toMatchObject({ actor: 'policy:staging', action: 'auto_approve_skipped' });
    expect(JSON.parse(store.auditTrail(ids[2]!).at(-1)!.detail!).reason).toBe('rule staging already auto-approved 2 in namespace staging-1 in the last hour; a person decides');
  });

  it('never approves while paused, nor action kinds the rule does not allow, nor outside trusted namespaces', async () => {
    const store = open(tempDbPath());
    const approved: Array<[number, string]> = [];
    const paused = proposedIn(store, 'staging-1', 'a');
    const exec = proposedIn(store, 'staging-1', 'b', [{ type: 'exec', reason: 'poke', pod: 'b-1', container: 'app', argv: ['true'] }]);
    const prod = proposedIn(store, 'prod', 'c');
    setPaused(store, true, 'slack:U0ALICE', 'freeze');

    const results = [await autoApprove(deps(store, approved), paused), await autoApprove(deps(store, approved), exec), await autoApprove(deps(store, approved), prod)];

    expect(approved).toEqual([]);
    expect(results).toEqual([
      { outcome: 'skipped', rule: 'staging', reason: 'auto-approve is paused (/clopus resume turns it back on); a person decides' },
      { outcome: 'skipped', rule: 'staging', reason: 'rule staging does not allow exec; a person decides' },
      { outcome: 'not_trusted', reason: 'namespace prod is not trusted' },
    ]);
    expect(store.auditTrail(prod).some((a) => a.action === 'auto_approve_skipped')).toBe(false);
    expect(render.statusLine(loadIncidentView(store, paused)!)).toContain('Not auto-approved: auto-approve is paused (/clopus resume turns it back on); a person decides.');
  });
});

describe('autoApprove with the decision service', () => {
  let p: Proposed | undefined;
  afterEach(async () => {
    await p?.h.close();
    p = undefined;
  });

  it('leaves the same trail as a click, and the Slack message names the rule', async () => {
    p = await proposedOom();
    const service = createDecisionService(p.deps);
    const store = p.h.store;

    const result = await autoApprove({ ...deps(store, []), approve: (id, actor) => service.approve(id, actor, 'policy') }, p.incidentId);

    expect(result).toMatchObject({ outcome: 'approved', rule: 'staging' });
    expect(p.patches()).toBe(1);
    expect(store.listDecisions(p.proposalId)).toEqual([expect.objectContaining({ actor: 'policy:staging', decision: 'approve', via: 'policy' })]);
    const moves = store.auditTrail(p.incidentId).filter((a) => a.toState !== null).slice(-3);
    expect(moves.map((a) => [a.actor, a.fromState, a.toState])).toEqual([['policy:staging', 'proposed', 'approved'], ['policy:staging', 'approved', 'applying'], ['policy:staging', 'applying', 'applied']]);
    expect(render.statusLine(loadIncidentView(store, p.incidentId)!)).toBe(':eyes: *applied, verifying* (auto-approved by policy rule `staging`)');
  });
});
