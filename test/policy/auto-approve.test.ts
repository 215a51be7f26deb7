// Auto-approve: a trusted namespace, every action's change class allowed there, neither risk high nor confidence
// low, not paused and under the hourly limit → approved through the decision service as "policy:<rule>";
// otherwise a person decides and the trail says why.
import { afterEach, describe, expect, it } from 'vitest';
import { autoApproveDeps } from '../../src/app/auto-approve-deps.js';
import { silentLogger } from '../../src/logger.js';
import { type AutoApproveDeps, autoApprove, type PolicyConfig, setPaused, trustFor } from '../../src/policy/index.js';
import { createDecisionService, type DecisionService } from '../../src/remediation/index.js';
import { render } from '../../src/slack/index.js';
import { loadIncidentView } from '../../src/slack/view.js';
import type { Store } from '../../src/store/index.js';
import { type Proposed, proposedOom } from '../fixer/decide/setup.js';
import { cleanup, manualClock, newIncident, open, tempDbPath } from '../store/fixtures.js';

afterEach(cleanup);

const RULE = {
  name: 'staging',
  namespaces: ['staging-*', 'shop'],
  classes: ['restart-pod', 'resources'] as Array<'restart-pod' | 'resources'>,
  maxPerHour: 2,
};
const policy: PolicyConfig = { approvers: [], namespaceApprovers: [], trusted: [RULE] };

describe('trustFor', () => {
  const low = { risk: 'low', confidence: 'high' } as const;
  it.each([
    ['staging-1', { ...low, classes: ['restart-pod'] }, { trusted: true }],
    ['shop', { ...low, classes: ['resources', 'restart-pod'] }, { trusted: true }],
    [
      'staging-1',
      { ...low, classes: ['restart-pod', 'exec-allowed'] },
      { trusted: false, reason: 'rule staging does not allow exec-allowed' },
    ],
    [
      'staging-1',
      { ...low, classes: ['resources'], risk: 'high' },
      { trusted: false, reason: 'the proposal is marked risk: high' },
    ],
    [
      'staging-1',
      { ...low, classes: ['resources'], confidence: 'low' },
      { trusted: false, reason: 'the proposal is marked confidence: low' },
    ],
    ['staging-1', { ...low, classes: [] }, { trusted: false, reason: 'the proposal has no change classes recorded' }],
    ['prod', { ...low, classes: ['restart-pod'] }, { trusted: false, reason: 'namespace prod is not trusted' }],
  ] as const)('%s with %j', (ns, proposal, expected) => {
    expect(trustFor(policy, ns, proposal)).toMatchObject(expected);
  });
});

const RESTART = (name: string) => ({
  actions: [{ type: 'restart_pod', reason: 'restart', pod: `${name}-1` }],
  classes: [{ seq: 1, changeClass: 'restart-pod', fields: [`pod ${name}-1`] }],
});

/** A stored pending proposal, with the classes the envelope gave its actions. */
function proposedIn(
  store: Store,
  namespace: string,
  name: string,
  made: { actions: unknown[]; classes: unknown[] } = RESTART(name),
  risk = 'low',
): number {
  const id = store.createIncident(newIncident({ namespace, workloadName: name }), 'detector').id;
  store.transition(id, 'open', 'diagnosing', { actor: 'fixer' });
  store.saveProposal({
    incidentId: id,
    diagnosisId: null,
    summary: { rootCause: 'It crashed.', confidence: 'high', risk },
    ...made,
    diff: '',
  });
  store.transition(id, 'diagnosing', 'proposed', { actor: 'fixer' });
  return id;
}

/** The production wiring (autoApproveDeps) with a recording approve. */
function deps(store: Store, approved: Array<[number, string]>, clock = manualClock()): AutoApproveDeps {
  const approve = async (id: number, actor: string) => {
    approved.push([id, actor]);
    return { ok: true, outcome: 'applied', message: `Approved by ${actor}` };
  };
  // Only ok, outcome and message reach the policy; the rest of a DecisionResult is the decision service's.
  return {
    ...autoApproveDeps(store, policy, silentLogger(), { approve } as unknown as Pick<DecisionService, 'approve'>),
    now: clock.now,
  };
}

describe('autoApprove', () => {
  it('approves as the rule, at most maxPerHour per namespace, and audits why it stopped', async () => {
    const clock = manualClock();
    const store = open(tempDbPath(), clock);
    const approved: Array<[number, string]> = [];
    const ids = [
      proposedIn(store, 'staging-1', 'a'),
      proposedIn(store, 'staging-1', 'b'),
      proposedIn(store, 'staging-1', 'c'),
      proposedIn(store, 'staging-2', 'd'),
    ];

    const results = [];
    for (const id of ids) results.push(await autoApprove(deps(store, approved, clock), id));

    expect(results.map((r) => r.outcome)).toEqual(['approved', 'approved', 'skipped', 'approved']);
    expect(approved).toEqual([
      [ids[0], 'policy:staging'],
      [ids[1], 'policy:staging'],
      [ids[3], 'policy:staging'],
    ]);
    expect(store.auditTrail(ids[2]!).at(-1)).toMatchObject({ actor: 'policy:staging', action: 'auto_approve_skipped' });
    expect(JSON.parse(store.auditTrail(ids[2]!).at(-1)!.detail!).reason).toBe(
      'rule staging already auto-approved 2 in namespace staging-1 in the last hour; a person decides',
    );
    const why = store.auditTrail(ids[0]!).find((a) => a.action === 'auto_approve');
    expect(JSON.parse(why!.detail!)).toEqual({
      proposalId: expect.any(Number),
      rule: 'staging',
      classes: ['restart-pod'],
    });
  });

  it('never approves while paused, nor classes the rule does not allow, nor risky or unsure proposals, nor outside trusted namespaces', async () => {
    const store = open(tempDbPath());
    const approved: Array<[number, string]> = [];
    const paused = proposedIn(store, 'staging-1', 'a');
    const exec = proposedIn(store, 'staging-1', 'b', {
      actions: [{ type: 'exec', reason: 'reload', pod: 'b-1', container: 'app', argv: ['nginx', '-s', 'reload'] }],
      classes: [{ seq: 1, changeClass: 'exec-allowed', fields: ['nginx -s reload'] }],
    });
    const risky = proposedIn(store, 'staging-1', 'd', RESTART('d'), 'high');
    const unclassified = proposedIn(store, 'staging-1', 'e', { ...RESTART('e'), classes: [] });
    const prod = proposedIn(store, 'prod', 'c');

    const unpaused = [
      await autoApprove(deps(store, approved), exec),
      await autoApprove(deps(store, approved), risky),
      await autoApprove(deps(store, approved), unclassified),
    ];
    setPaused(store, true, 'slack:U0ALICE', 'freeze');
    const results = [await autoApprove(deps(store, approved), paused), await autoApprove(deps(store, approved), prod)];

    expect(approved).toEqual([]);
    expect(unpaused).toEqual([
      { outcome: 'skipped', rule: 'staging', reason: 'rule staging does not allow exec-allowed; a person decides' },
      { outcome: 'skipped', rule: 'staging', reason: 'the proposal is marked risk: high; a person decides' },
      { outcome: 'skipped', rule: 'staging', reason: 'the proposal has no change classes recorded; a person decides' },
    ]);
    expect(results).toEqual([
      {
        outcome: 'skipped',
        rule: 'staging',
        reason: 'auto-approve is paused (/clopus resume turns it back on); a person decides',
      },
      { outcome: 'not_trusted', reason: 'namespace prod is not trusted' },
    ]);
    expect(store.auditTrail(prod).some((a) => a.action === 'auto_approve_skipped')).toBe(false);
    expect(render.statusLine(loadIncidentView(store, paused)!)).toContain(
      'Not auto-approved: auto-approve is paused (/clopus resume turns it back on); a person decides.',
    );
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

    const result = await autoApprove(
      { ...deps(store, []), approve: (id, actor) => service.approve(id, actor, 'policy') },
      p.incidentId,
    );

    expect(result).toMatchObject({ outcome: 'approved', rule: 'staging' });
    expect(p.patches()).toBe(1);
    expect(store.listDecisions(p.proposalId)).toEqual([
      expect.objectContaining({ actor: 'policy:staging', decision: 'approve', via: 'policy' }),
    ]);
    const moves = store
      .auditTrail(p.incidentId)
      .filter((a) => a.toState !== null)
      .slice(-3);
    expect(moves.map((a) => [a.actor, a.fromState, a.toState])).toEqual([
      ['policy:staging', 'proposed', 'approved'],
      ['policy:staging', 'approved', 'applying'],
      ['policy:staging', 'applying', 'applied'],
    ]);
    expect(render.statusLine(loadIncidentView(store, p.incidentId)!)).toBe(
      ':eyes: *applied, verifying* (auto-approved by policy rule `staging`)',
    );
  });
});
