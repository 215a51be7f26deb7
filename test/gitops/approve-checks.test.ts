// What Approve checks before it pushes anything, and what the planner refuses for a self-healed workload: a file
// changed in the repository since planning, or anything else under the source path, expires the proposal with
// nothing pushed; a live fix for a workload whose manager reverts drift is no fix, saying why.
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService, trackPullRequests } from '../../src/remediation/index.js';
import { REPO, type Stage, stage } from './stage.js';

let s: Stage | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

async function proposed(): Promise<number> {
  s = await stage();
  const incident = await s.oomIncident();
  expect(await s.diagnose(incident.id)).toMatchObject({ outcome: 'proposed' });
  return incident.id;
}

describe('Approve of a pull-request fix', () => {
  it('expires the proposal, pushing nothing, when the edited file changed in the repository since planning', async () => {
    const id = await proposed();
    const before = s!.forge.git.requests.filter((r) => r.path.includes('git-receive-pack')).length;
    const file = (await s!.forge.git.readFile(`${REPO}.git`, 'main', 'apps/api/deployment.yaml'))!;
    await s!.forge.git.commitFiles(
      `${REPO}.git`,
      'main',
      { 'apps/api/deployment.yaml': file.replace('replicas: 2', 'replicas: 3') },
      'scale api',
    );

    const result = await createDecisionService(s!.deps).approve(id, 'cli:alice', 'cli');
    expect(result).toMatchObject({ ok: false, outcome: 'expired', state: 'expired' });
    expect(result.message).toContain('apps/api/deployment.yaml changed in main since the proposal was planned');
    expect(result.message).toContain('Nothing was pushed');
    expect(s!.forge.github.pulls(REPO)).toEqual([]);
    expect(s!.forge.git.requests.filter((r) => r.path.includes('git-receive-pack')).length).toBe(before);
    expect(await s!.forge.git.branchExists(`${REPO}.git`, `clopus/incident-${id}`)).toBe(false);
  }, 60_000);

  it('expires it too when another file under the source path changed, since the render may differ', async () => {
    const id = await proposed();
    await s!.forge.git.commitFiles(
      `${REPO}.git`,
      'main',
      { 'apps/api/kustomization.yaml': 'resources:\n  - deployment.yaml\nnamePrefix: v2-\n' },
      'rename',
    );
    const result = await createDecisionService(s!.deps).approve(id, 'cli:alice', 'cli');
    expect(result).toMatchObject({ outcome: 'expired' });
    expect(result.message).toContain('other files under apps/api changed in main');
    expect(s!.forge.github.pulls(REPO)).toEqual([]);
  }, 60_000);

  it('goes ahead when only files outside the source path changed', async () => {
    const id = await proposed();
    await s!.forge.git.commitFiles(`${REPO}.git`, 'main', { 'README.md': 'manifests\n' }, 'docs');
    const result = await createDecisionService(s!.deps).approve(id, 'cli:alice', 'cli');
    expect(result).toMatchObject({ ok: true, outcome: 'pr_opened' });
  }, 60_000);
});

describe('a live fix for a self-healed workload', () => {
  it('is no fix: the image rollback a runbook proposes would be reverted at the next sync', async () => {
    s = await stage();
    const file = (await s.forge.git.readFile(`${REPO}.git`, 'main', 'apps/api/deployment.yaml'))!;
    await s.forge.git.commitFiles(
      `${REPO}.git`,
      'main',
      { 'apps/api/deployment.yaml': file.replace('example/api:2.4.0', 'example/api:2.5.0-typo') },
      'release 2.5.0',
    );
    await s.sync.tick();
    const incident = await s.incident('ImagePullBackOff');
    const outcome = await s.diagnose(incident.id);
    expect(outcome).toMatchObject({ outcome: 'no_fix' });
    const explanation = (outcome as { explanation: string }).explanation;
    expect(explanation).toContain('proposed a live change (patch_workload)');
    expect(explanation).toContain('managed by Argo CD app argocd/shop-api, self-heal on');
    expect(explanation).toContain('only an edit of apps/api in');
    expect(s.h.store.getIncident(incident.id)?.state).toBe('no_fix');
  }, 60_000);
});

describe('Rollback of a fix that went out through git', () => {
  it('is refused, naming the merged pull request to revert, and changes nothing', async () => {
    const id = await proposed();
    expect((await createDecisionService(s!.deps).approve(id, 'cli:alice', 'cli')).outcome).toBe('pr_opened');
    await s!.forge.github.mergePull(REPO, 1, 'bob');
    await trackPullRequests(s!.deps);
    await s!.sync.tick();
    await trackPullRequests(s!.deps);
    expect(s!.h.store.getIncident(id)?.state).toBe('applied');

    const result = await createDecisionService(s!.deps).rollback(id, 'cli:alice', 'cli');
    expect(result).toMatchObject({ ok: false, outcome: 'refused' });
    expect(result.message).toContain(`as pull request #1 (${s!.forge.github.htmlUrl(REPO, 1)}), merged by bob`);
    expect(result.message).toContain('Revert that merge on main');
    expect(s!.h.store.getIncident(id)?.state).toBe('applied');
    expect(s!.limit()).toBe('128Mi');
  }, 60_000);
});
