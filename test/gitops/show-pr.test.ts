// `clopus show ID` (the real executable) on a GitOps-managed incident whose fix went out as a pull request: it names
// the workload's manager and the PR with its state and link, and `--output json` carries the PR records.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDecisionService, trackPullRequests } from '../../src/remediation/index.js';
import { clopus, tempDir } from '../cli/bin.js';
import { REPO, type Stage, stage, TOKEN } from './stage.js';

let s: Stage | undefined;
let dir: string | undefined;
afterEach(async () => {
  await s?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  s = dir = undefined;
});

const MANAGER =
  'Manager:   managed by Argo CD app argocd/shop-api, self-heal on: a live patch would be reverted at the next sync';

describe('clopus show on a GitOps-managed incident', () => {
  it('prints the manager and the fix PR, and --output json includes pullRequests', async () => {
    s = await stage();
    const st = s;
    dir = tempDir('show-pr');
    const incident = await st.oomIncident();
    expect(await st.diagnose(incident.id)).toMatchObject({ outcome: 'proposed' });
    expect(await createDecisionService(st.deps).approve(incident.id, 'cli:alice', 'cli')).toMatchObject({
      state: 'pr_open',
    });
    const url = st.forge.github.htmlUrl(REPO, 1);
    const show = (...args: string[]) =>
      clopus(['show', String(incident.id), ...args], { cwd: dir!, env: { CLOPUS_DB_PATH: st.h.dbPath } });

    const text = await show();
    expect(text).toMatchObject({ code: 0, stderr: '' });
    const lines = text.stdout.split('\n');
    expect(lines).toContain('State:     pr_open');
    expect(lines).toContain(MANAGER);
    expect(lines).toContain(`Fix PR:    pull request #1 (open): ${url}`);

    const json = await show('--output', 'json');
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const shown = JSON.parse(json.stdout);
    expect(shown.incident).toMatchObject({ id: incident.id, state: 'pr_open', manager: { kind: 'argocd' } });
    expect(shown.pullRequests).toEqual([
      expect.objectContaining({
        number: 1,
        url,
        state: 'open',
        forge: 'github',
        branch: `clopus/incident-${incident.id}`,
        base: 'main',
        repoUrl: st.forge.url(REPO),
      }),
    ]);

    expect(text.stdout + json.stdout).not.toContain(TOKEN);

    // After the merge, the same line says who merged it and that the sync is awaited.
    await st.forge.github.mergePull(REPO, 1, 'bob');
    await trackPullRequests(st.deps);
    const merged = await show();
    expect(merged.stdout.split('\n')).toContain(
      `Fix PR:    pull request #1 (merged by bob, waiting for the sync): ${url}`,
    );
    expect(merged.stdout).toContain('State:     syncing');
  }, 60_000);
});
