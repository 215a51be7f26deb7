// The PR path end to end, with real parts: an Argo CD-managed Deployment (the sandbox's controller syncs it from a
// repository on the local smart-HTTP git server, rendering with the real kubectl kustomize) is OOMKilled; the OOM
// runbook plans in a real clone and proposes a repository edit; Approve pushes a branch with the real git and opens a
// pull request through @octokit/rest on the GitHub fake (every request and answer checked against GitHub's
// OpenAPI description); the PR is merged; the controller syncs the merge commit; the fix is verified. A live patch
// of the same self-healed app is reverted at the next sync.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import { createDecisionService, trackPullRequests } from '../../src/remediation/index.js';
import { diagnoseIncident } from '../../src/runner/diagnoser/index.js';
import type { GitOpsSync, LocalForge } from '../../src/sandbox/index.js';
import type { Harness } from '../helpers/bot.js';
import { waitFor } from '../helpers/wait.js';
import { REPO, type Stage, stage as stageGitOps } from './stage.js';

let staged: Stage | undefined;
let h: Harness | undefined;
let forge: LocalForge | undefined;
let sync: GitOpsSync | undefined;

afterEach(async () => {
  await staged?.stop();
  staged = h = forge = sync = undefined;
});

async function stage(selfHeal: boolean) {
  staged = await stageGitOps({ selfHeal });
  ({ h, forge, sync } = staged);
  return staged;
}

describe('a GitOps-managed OOMKilled Deployment', () => {
  it('goes incident → repo diff and rendered diff → Approve → PR → merged → synced → verified', async () => {
    const { gitops, config, deps, limit } = await stage(true);
    expect(limit()).toBe('64Mi');
    await h!.detector.start();
    const incident = await waitFor(
      () =>
        h!.store.listIncidents({ namespace: 'shop', limit: 1, offset: 0 }).items.find((i) => i.reason === 'OOMKilled'),
      { what: 'the detector to file an OOMKilled incident', timeoutMs: 20_000 },
    );
    await h!.detector.idle();

    const outcome = await diagnoseIncident(
      {
        store: h!.store,
        kube: fixerKube(h!.kube),
        config,
        logger: silentLogger(),
        gitops: { ...gitops, kube: h!.kube },
      },
      incident.id,
    );
    expect(outcome).toMatchObject({ outcome: 'proposed' });
    expect(h!.store.getIncident(incident.id)?.manager).toMatchObject({
      kind: 'argocd',
      namespace: 'argocd',
      name: 'shop-api',
      selfHeal: true,
    });
    const record = h!.store.latestProposal(incident.id)!;
    expect((record.actions as Array<{ type: string; path: string }>).map((a) => [a.type, a.path])).toEqual([
      ['edit_repo_file', 'apps/api/deployment.yaml'],
    ]);
    // The reviewer sees the file diff (the comment kept) and the rendered object's diff.
    expect(record.diff).toContain('-              memory: 64Mi');
    expect(record.diff).toContain('+              memory: 128Mi');
    expect(record.diff).toContain('# Sized for the old dataset.');
    expect(record.delivery).toMatchObject({ kind: 'pull_request', base: 'main', sourcePath: 'apps/api' });

    const approved = await createDecisionService(deps).approve(incident.id, 'cli:alice', 'cli');
    expect(approved).toMatchObject({ ok: true, outcome: 'pr_opened', state: 'pr_open' });
    const [pull] = forge!.github.pulls(REPO);
    expect(pull).toMatchObject({ number: 1, head: `clopus/incident-${incident.id}`, base: 'main', state: 'open' });
    expect(pull!.body).toContain('http://clopus.example.test/incidents/');
    expect(approved.message).toContain(forge!.github.htmlUrl(REPO, 1));
    const commit = await forge!.git.commit(`${REPO}.git`, `clopus/incident-${incident.id}`);
    expect(commit?.message).toContain(`incident ${incident.id}`);
    expect(commit?.message).toContain('Approved-by: cli:alice');
    // Nothing changed in the cluster yet: the fix waits for the merge.
    await sync!.tick();
    expect(limit()).toBe('64Mi');

    // An unchanged PR is polled with its ETag and answered 304.
    await trackPullRequests(deps);
    await trackPullRequests(deps);
    expect(forge!.github.requests.some((r) => r.status === 304)).toBe(true);
    expect(h!.store.getIncident(incident.id)?.state).toBe('pr_open');

    const mergeSha = await forge!.github.mergePull(REPO, 1, 'bob');
    await trackPullRequests(deps);
    expect(h!.store.getIncident(incident.id)?.state).toBe('syncing');
    expect(h!.store.latestPullRequest(incident.id)).toMatchObject({ state: 'merged', mergedBy: 'bob', mergeSha });

    await sync!.tick();
    expect(limit()).toBe('128Mi');
    const verified: number[] = [];
    await trackPullRequests(deps, { onApplied: (id) => verified.push(id) });
    expect(verified).toEqual([incident.id]);
    expect(h!.store.getIncident(incident.id)?.state).toBe('applied');
    const verdict = await createDecisionService(deps).approve(incident.id, 'cli:alice', 'cli');
    expect(verdict.outcome).toBe('already_decided');
    const { awaitVerdict } = await import('../../src/remediation/decide/await-verdict.js');
    const result = await awaitVerdict(deps, incident.id);
    expect(result).toMatchObject({ outcome: 'verified', state: 'verified' });
    expect(forge!.github.violations).toEqual([]);
    const trail = h!.store.auditTrail(incident.id).map((a) => `${a.actor} ${a.toState}`);
    expect(trail).toEqual(
      expect.arrayContaining(['cli:alice approved', 'cli:alice pr_open', 'github:bob syncing', 'fixer applied']),
    );
  }, 60_000);

  it('is reverted at the next sync when patched live, with self-heal on', async () => {
    const { cluster, limit } = await stage(true);
    cluster.update('Deployment', 'shop', 'api', (d) => {
      (d.spec as any).template.spec.containers[0].resources.limits.memory = '512Mi';
    });
    expect(limit()).toBe('512Mi');
    await sync!.tick();
    expect(limit()).toBe('64Mi');
    expect(sync!.events.some((e) => e.kind === 'selfHeal')).toBe(true);
  }, 30_000);

  it('returns to rejected, naming who closed it, when the PR is closed unmerged', async () => {
    const { gitops, config, deps } = await stage(true);
    await h!.detector.start();
    const incident = await waitFor(
      () =>
        h!.store.listIncidents({ namespace: 'shop', limit: 1, offset: 0 }).items.find((i) => i.reason === 'OOMKilled'),
      { what: 'an OOMKilled incident', timeoutMs: 20_000 },
    );
    await h!.detector.idle();
    await diagnoseIncident(
      {
        store: h!.store,
        kube: fixerKube(h!.kube),
        config,
        logger: silentLogger(),
        gitops: { ...gitops, kube: h!.kube },
      },
      incident.id,
    );
    expect((await createDecisionService(deps).approve(incident.id, 'cli:alice', 'cli')).outcome).toBe('pr_opened');
    await forge!.github.closePull(REPO, 1, 'carol');
    await trackPullRequests(deps);
    expect(h!.store.getIncident(incident.id)?.state).toBe('rejected');
    const closed = h!.store.auditTrail(incident.id).at(-1);
    expect(closed).toMatchObject({ actor: 'github:carol', action: 'pr_closed', toState: 'rejected' });
    expect(h!.store.latestProposal(incident.id)?.status).toBe('rejected');
  }, 60_000);
});
