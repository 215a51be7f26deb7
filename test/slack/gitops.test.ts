// A GitOps-managed incident's message: who manages the workload, and the fix's pull request as a link Clopus made
// (only an http(s) URL becomes a link; a label cannot end it early).
import { describe, expect, it } from 'vitest';
import { render } from '../../src/slack/index.js';
import type { PullRequestRecord } from '../../src/store/index.js';
import { decision, incident, proposal, texts, view } from './views.js';

const pr = (overrides: Partial<PullRequestRecord> = {}): PullRequestRecord => ({
  id: 1,
  incidentId: 12,
  proposalId: 5,
  repoUrl: 'https://github.com/shop/manifests',
  forge: 'github',
  number: 7,
  url: 'https://github.com/shop/manifests/pull/7',
  branch: 'clopus/incident-12',
  base: 'main',
  headSha: 'a'.repeat(40),
  state: 'open',
  mergeSha: null,
  mergedBy: null,
  closedBy: null,
  etag: null,
  syncedRevision: null,
  livePatch: false,
  createdAt: 't',
  updatedAt: 't',
  mergedAt: null,
  ...overrides,
});

const manager = {
  kind: 'argocd' as const,
  namespace: 'argocd',
  name: 'shop-web',
  selfHeal: true,
  description: 'managed by Argo CD app argocd/shop-web, self-heal on: a live patch would be reverted at the next sync',
};

describe('a GitOps-managed incident in Slack', () => {
  it('links the open pull request and says who approved it', () => {
    const v = view('pr_open', { proposals: [proposal({ decision: decision() })], pullRequest: pr() });
    expect(render.statusLine(v)).toBe(
      ':twisted_rightwards_arrows: *pull request open* (approved by <@U0ALICE>): <https://github.com/shop/manifests/pull/7|pull request #7>. Merge it to deliver the fix; Clopus follows it to the cluster.',
    );
  });

  it('names a pushed branch on a host without an API, and never links a URL that is not http(s)', () => {
    const branch = view('pr_open', { pullRequest: pr({ forge: 'none', number: null, url: 'javascript:alert(1)' }) });
    expect(render.statusLine(branch)).toContain(': javascript:alert(1).');
    expect(render.statusLine(branch)).not.toContain('<javascript');
  });

  it('says who merged it while it waits for the sync', () => {
    const v = view('syncing', { pullRequest: pr({ state: 'merged', mergedBy: 'bob', mergeSha: 'b'.repeat(40) }) });
    expect(render.statusLine(v)).toBe(
      ':arrows_counterclockwise: *merged, waiting for sync* by bob (bbbbbbbbbbbb): waiting for the GitOps controller to sync the merge commit, then verifying.',
    );
  });

  it('offers Open PR for a repository fix, and Live patch now + PR only where the manager has self-heal off', () => {
    const delivery = {
      kind: 'pull_request' as const,
      repoUrl: 'https://github.com/shop/manifests',
      base: 'main',
      sourcePath: 'apps/web',
      plannedAt: 'c'.repeat(40),
      manager: { ...manager, selfHeal: false },
    };
    const buttons = (p: ReturnType<typeof proposal>) =>
      JSON.parse(JSON.stringify(render.controls(view('proposed', { proposals: [p] }), p))) as Array<{
        elements: Array<{ action_id: string; text: { text: string }; confirm?: { text: { text: string } } }>;
      }>;
    const prOnly = buttons(proposal({ delivery }))[0]!.elements;
    expect(prOnly.map((e) => [e.action_id, e.text.text])).toEqual([
      ['clopus_approve', 'Open PR'],
      ['clopus_request_changes', 'Request changes'],
      ['clopus_reject', 'Reject'],
    ]);
    expect(prOnly[0]!.confirm?.text.text).toContain('against main of https://github.com/shop/manifests');
    const livePatch = {
      action: { type: 'patch_workload' as const, reason: 'Same change, live', patch: { spec: {} } },
      classes: [{ seq: 1, changeClass: 'resources' as const, fields: ['x'] }],
      diff: '1. patch_workload Deployment shop/web\n',
    };
    const both = buttons(proposal({ delivery: { ...delivery, livePatch } }))[0]!.elements;
    expect(both.map((e) => [e.action_id, e.text.text])).toEqual([
      ['clopus_approve', 'Open PR'],
      ['clopus_approve_live', 'Live patch now + PR'],
      ['clopus_request_changes', 'Request changes'],
      ['clopus_reject', 'Reject'],
    ]);
  });

  it('offers no Rollback for a fix that reached the cluster only through git, and says to revert the PR', () => {
    const delivery = {
      kind: 'pull_request' as const,
      repoUrl: 'https://github.com/shop/manifests',
      base: 'main',
      sourcePath: 'apps/web',
      plannedAt: 'c'.repeat(40),
      manager,
    };
    const p = proposal({ status: 'apply_failed', delivery, decision: decision() });
    const v = view('apply_failed', { proposals: [p], pullRequest: pr({ state: 'merged', mergedBy: 'bob' }) });
    expect(JSON.stringify(render.controls(v, p))).not.toContain('clopus_rollback');
    expect(render.statusLine(v)).toContain('The fix went out through git: revert its pull request to undo it.');
    const live = view('apply_failed', { proposals: [p], pullRequest: pr({ livePatch: true }) });
    expect(JSON.stringify(render.controls(live, p))).toContain('clopus_rollback');
  });

  it('shows who manages the workload in the message', () => {
    const message = render.renderIncident(view('proposed', { incident: incident({ state: 'proposed', manager }) }));
    expect(texts(message.blocks)).toContain(`:package: ${manager.description}`);
  });
});
