// "Live patch now + PR": offered only where the manager does not revert drift. With self-heal off the proposal
// carries a vetted live patch (its diff shown beside the PR's); choosing it patches the workload at once, opens the
// PR that makes it last, and verifies the live patch; the PR is followed beside it without moving the incident.
// With self-heal on nothing live is offered, and asking for it is refused with nothing changed.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService, trackPullRequests } from '../../src/remediation/index.js';
import { REPO, type Stage, stage } from './stage.js';

let s: Stage | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

describe('live patch now + PR', () => {
  it('with self-heal off, patches live at once, opens the PR, verifies, and records the merge', async () => {
    s = await stage({ selfHeal: false });
    const incident = await s.oomIncident();
    expect(await s.diagnose(incident.id)).toMatchObject({ outcome: 'proposed' });
    const record = s.h.store.latestProposal(incident.id)!;
    expect(record.delivery).toMatchObject({
      manager: { selfHeal: false },
      livePatch: { action: { type: 'patch_workload' }, classes: [{ changeClass: 'resources' }] },
    });
    // The reviewer sees both: the PR's file and rendered diffs, and the live patch's dry-run diff.
    const live = record.diff.slice(record.diff.indexOf('Live patch now + PR'));
    expect(live).toMatch(/^Live patch now \+ PR \(applied only if chosen/);
    expect(live).toMatch(/-\s+memory: 64Mi\n\+\s+memory: 128Mi/);

    const result = await createDecisionService(s.deps).approve(incident.id, 'cli:alice', 'cli', { live: true });
    expect(result).toMatchObject({ ok: true, outcome: 'applied', state: 'applied' });
    expect(result.message).toContain('patched live');
    expect(result.message).toContain(s.forge.github.htmlUrl(REPO, 1));
    expect(s.limit()).toBe('128Mi');
    expect(s.h.store.latestPullRequest(incident.id)).toMatchObject({ state: 'open', livePatch: true });

    // Self-heal off: the sync leaves the live patch alone until the PR is merged.
    await s.sync.tick();
    expect(s.limit()).toBe('128Mi');
    const { awaitVerdict } = await import('../../src/remediation/decide/await-verdict.js');
    expect(await awaitVerdict(s.deps, incident.id)).toMatchObject({ outcome: 'verified' });

    await s.forge.github.mergePull(REPO, 1, 'bob');
    await trackPullRequests(s.deps);
    expect(s.h.store.latestPullRequest(incident.id)).toMatchObject({ state: 'merged', mergedBy: 'bob' });
    expect(s.h.store.getIncident(incident.id)?.state).toBe('verified');
    expect(s.h.store.auditTrail(incident.id).at(-1)).toMatchObject({ actor: 'github:bob', action: 'pr_merged' });
    expect(s.forge.github.violations).toEqual([]);
  }, 60_000);

  it('with self-heal on, offers no live patch and refuses one, changing nothing', async () => {
    s = await stage({ selfHeal: true });
    const incident = await s.oomIncident();
    await s.diagnose(incident.id);
    const record = s.h.store.latestProposal(incident.id)!;
    expect(record.delivery).not.toHaveProperty('livePatch');
    expect(record.diff).not.toContain('Live patch now + PR');

    const result = await createDecisionService(s.deps).approve(incident.id, 'cli:alice', 'cli', { live: true });
    expect(result).toMatchObject({ ok: false, outcome: 'refused' });
    expect(result.message).toContain('a live patch is not offered');
    expect(result.message).toContain('self-heal on');
    expect(s.h.store.getIncident(incident.id)?.state).toBe('proposed');
    expect(s.forge.github.pulls(REPO)).toEqual([]);
    expect(s.limit()).toBe('64Mi');
  }, 60_000);
});
