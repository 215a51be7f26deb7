// The scope check of edit_repo_file: only with a clone, only manifests under the source path, only against the
// blob the repository holds, and never mixed with live actions. Also what the model is told and offered.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { buildPrompt, systemPrompt } from '../../src/planner/claude/prompt.js';
import { proposeTool } from '../../src/planner/claude/propose-tool.js';
import type { ToolContext } from '../../src/planner/claude/tool-context.js';
import { checkProposal, type ProposalScope } from '../../src/planner/proposal/check.js';
import type { Proposal, ProposalAction } from '../../src/planner/proposal/schema.js';

const BLOB = 'a'.repeat(40);
const HEAD = 'c'.repeat(40);

const repoScope: ProposalScope = {
  namespace: 'shop',
  workload: { kind: 'Deployment', name: 'api' },
  pods: ['api-1'],
  containers: ['api'],
  repo: { sourcePath: 'apps/api', headSha: HEAD, blobs: { 'apps/api/deployment.yaml': BLOB } },
};

const edit = (over: Partial<Extract<ProposalAction, { type: 'edit_repo_file' }>> = {}): ProposalAction => ({
  type: 'edit_repo_file',
  reason: 'Raise the memory limit to 512Mi',
  path: 'apps/api/deployment.yaml',
  content: 'kind: Deployment\n',
  baseBlobSha: BLOB,
  ...over,
});

const proposal = (...actions: ProposalAction[]): Proposal => ({
  summary: { rootCause: 'The api needs more memory.', confidence: 'medium', risk: 'low' },
  actions,
});

describe('checkProposal for edit_repo_file', () => {
  it('accepts an edit of a manifest under the source path, planned against its current blob', () => {
    expect(checkProposal(proposal(edit()), repoScope)).toEqual([]);
  });

  it.each([
    ['outside the source path', { path: 'apps/other/deployment.yaml' }, 'is outside the source path "apps/api"'],
    ['with a parent segment', { path: 'apps/api/../web/deployment.yaml' }, 'without ".", ".." or empty segments'],
    ['absolute', { path: '/apps/api/deployment.yaml' }, 'must be relative to the repository root'],
    ['not a manifest', { path: 'apps/api/run.sh' }, 'is not a YAML manifest or kustomization file'],
    [
      'a file the repository does not hold',
      { path: 'apps/api/new.yaml' },
      'is not a file in the repository at cccccccccccc',
    ],
    [
      'planned against another blob',
      { baseBlobSha: 'b'.repeat(40) },
      'changed since it was read (planned against blob bbbbbbbbbbbb, the repository at cccccccccccc has aaaaaaaaaaaa)',
    ],
    ['carrying masked secrets', { content: 'password: [REDACTED]\n' }, 'the file holds secrets that were masked'],
  ])('refuses a path %s', (_what, over, message) => {
    const problems = checkProposal(proposal(edit(over)), repoScope);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`action 1 (edit_repo_file): `);
    expect(problems[0]).toContain(message);
  });

  it('refuses an edit when the workload has no GitOps clone', () => {
    const { repo: _none, ...live } = repoScope;

    expect(checkProposal(proposal(edit()), live)).toEqual([
      'action 1 (edit_repo_file): the workload is not deployed from a GitOps repository Clopus has cloned, so there is no repository file to edit; propose a live change instead',
    ]);
  });

  it('refuses mixing a repository edit with live actions, and says why', () => {
    const patch: ProposalAction = {
      type: 'patch_workload',
      reason: 'Raise the live limit too',
      patch: {
        spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { memory: '512Mi' } } }] } } },
      },
    };

    const problems = checkProposal(proposal(edit(), patch), repoScope);

    expect(problems).toEqual([
      'edit_repo_file cannot be combined with live actions (patch_workload): the repository edit is delivered as a pull request and synced by the GitOps controller, which would revert a live change; propose repository edits only',
    ]);
  });

  it('refuses two edits of the same file', () => {
    expect(checkProposal(proposal(edit(), edit()), repoScope)).toEqual([
      "apps/api/deployment.yaml edited more than once: give each file's whole new content in one action",
    ]);
  });
});

describe('what the model is told about a GitOps-managed workload', () => {
  it('offers the repository tools and says the fix must be a repository edit', () => {
    const prompt = systemPrompt({ containerTools: true, repo: true });

    expect(prompt).toContain('list_repo_files, read_repo_file, grep_repo');
    expect(prompt).toContain('This workload is GitOps-managed');
    expect(prompt).toContain('The fix must be an edit of the repository files under its source path');
    expect(systemPrompt({ containerTools: true })).not.toContain('GitOps');
  });

  it('names the repository in the first message, as untrusted data', () => {
    const incident = {
      id: 1,
      namespace: 'shop',
      workloadKind: 'Deployment' as const,
      workloadName: 'api',
      container: 'api',
      reason: 'OOMKilled' as const,
      message: 'OOMKilled',
      pods: [{ name: 'api-1' }],
    };
    const repo = {
      dir: '/nowhere',
      url: 'https://github.com/acme/manifests.git',
      ref: 'main',
      headSha: HEAD,
      sourcePath: 'apps/api',
    };

    const text = buildPrompt(incident, [], repo);

    expect(text).toContain(
      `<untrusted source="gitops source">\nrepository: https://github.com/acme/manifests.git\nref: main (commit ${HEAD})\nsource path: apps/api\n</untrusted>`,
    );
  });

  it('records an edit_repo_file through propose_fix only when the workload has a clone', async () => {
    const ctx = (scope: ProposalScope): ToolContext => ({
      incident: {
        id: 1,
        namespace: 'shop',
        workloadKind: 'Deployment',
        workloadName: 'api',
        container: 'api',
        reason: 'OOMKilled',
        message: '',
        pods: [{ name: 'api-1' }],
      },
      kube: {} as ToolContext['kube'],
      logger: silentLogger(),
      scope,
      fileHashes: new Map(),
      state: { refusals: 0 },
    });
    const withRepo = ctx(repoScope);
    const { repo: _none, ...live } = repoScope;
    const withoutRepo = ctx(live);

    const ok = await proposeTool(withRepo).handler(proposal(edit()) as never, {});
    const refused = await proposeTool(withoutRepo).handler(proposal(edit()) as never, {});

    expect(ok.isError).toBeFalsy();
    expect(withRepo.state.proposal?.actions[0]?.type).toBe('edit_repo_file');
    expect(refused.isError).toBe(true);
    expect(withoutRepo.state.proposal).toBeUndefined();
  });
});
