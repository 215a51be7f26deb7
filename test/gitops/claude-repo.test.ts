// The Claude planner on a GitOps-managed workload, in process as serve runs it: the real Claude Code binary (through
// the Agent SDK, against the Messages API fake) reads the Argo CD app's manifest from the clone with read_repo_file,
// gets it fenced as untrusted data with its blob hash, and proposes the edit of the repository file that a pull
// request will carry; an edit outside the app's source path is refused to the model, and nothing is proposed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import { loadLatestProposal } from '../../src/planner/proposal/stored.js';
import type { DiagnoseDeps } from '../../src/runner/diagnoser/index.js';
import { diagnoseIncident } from '../../src/runner/diagnoser/index.js';
import { inprocessPlanner } from '../../src/runner/runners.js';
import {
  type AnthropicFake,
  allText,
  type MessagesRequest,
  reply,
  startAnthropicFake,
  type ToolResult,
  text,
  toolResults,
  toolUse,
} from '../fakes/anthropic.js';
import { fakeAccess, fixerConfig, TEST_LIMITS } from '../fixer/diagnoser/setup.js';
import { REPO, type Stage, stage } from './stage.js';

const t = (name: string) => `mcp__clopus__${name}`;
const FILE = 'apps/api/deployment.yaml';
const summary = {
  rootCause: 'The api container is OOMKilled: its 64Mi memory limit, set in the GitOps repository, is too small.',
  confidence: 'high',
  risk: 'low',
} as const;

let fake: AnthropicFake;
let s: Stage | undefined;
beforeAll(async () => {
  fake = await startAnthropicFake();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/** The diagnoser's deps as serve wires them in process: the Claude planner only, and the GitOps clone. */
function deps(st: Stage): DiagnoseDeps {
  return {
    store: st.h.store,
    kube: fixerKube(st.h.kube),
    config: fixerConfig({ CLOPUS_PLANNER: 'claude' }),
    access: fakeAccess(fake),
    logger: silentLogger(),
    limits: TEST_LIMITS,
    planClaude: inprocessPlanner(),
    gitops: { ...st.gitops, kube: st.h.kube },
  };
}

const systemText = (req: MessagesRequest) =>
  typeof req.system === 'string' ? req.system : (req.system ?? []).map((b) => b.text ?? '').join('\n');

/** The file as read_repo_file showed it: its blob hash, and the content inside the untrusted fence. */
function readResult(r: ToolResult | undefined) {
  const m =
    /^(\S+): \d+ bytes, blob ([0-9a-f]{40})\n<untrusted source="file \1 in [^"]+">\n([\s\S]*)\n<\/untrusted>$/.exec(
      r?.text ?? '',
    );
  return m ? { blob: m[2]!, content: m[3]! } : undefined;
}

describe('the Claude planner on a GitOps-managed Deployment, in process', () => {
  it('reads the manifest from the clone as untrusted data and proposes the repository edit a pull request carries', async () => {
    s = await stage({ selfHeal: true });
    const incident = await s.oomIncident();
    let first: MessagesRequest | undefined;
    let read: ToolResult | undefined;
    let proposed: ToolResult | undefined;
    fake.load([
      (req) => {
        first = req;
        return reply(toolUse(t('read_repo_file'), { path: FILE }));
      },
      (req) => {
        read = toolResults(req)[0];
        const file = readResult(read);
        const content = file?.content.replace(/(limits:\n\s+memory: )64Mi/, '$1256Mi') ?? '';
        return reply(
          toolUse(t('propose_fix'), {
            summary,
            actions: [
              {
                type: 'edit_repo_file',
                reason: 'Raise the memory limit to 256Mi',
                path: FILE,
                content,
                baseBlobSha: file?.blob ?? '',
              },
            ],
          }),
        );
      },
      (req) => {
        proposed = toolResults(req)[0];
        return reply(text('Proposed a 256Mi memory limit in apps/api/deployment.yaml.'));
      },
    ]);

    const outcome = await diagnoseIncident(deps(s), incident.id);

    // The model was told the workload is GitOps-managed, and where from.
    expect(systemText(first!)).toContain('This workload is GitOps-managed');
    expect(allText(first!)).toContain(
      `The workload is deployed from this GitOps repository:\n<untrusted source="gitops source">\nrepository: ${s.forge.url(REPO)}`,
    );
    expect(first!.tools?.map((x) => x.name)).toEqual(
      expect.arrayContaining([t('list_repo_files'), t('read_repo_file'), t('grep_repo'), t('propose_fix')]),
    );
    // The file came back whole, as data inside the fence, with the blob hash an edit is planned against.
    expect(read).toMatchObject({ name: t('read_repo_file'), isError: false });
    const file = readResult(read);
    expect(file?.content).toContain('# Sized for the old dataset.');
    expect(file?.content).toMatch(/limits:\n\s+memory: 64Mi\n$/);
    expect(proposed).toMatchObject({ name: t('propose_fix'), isError: false });
    expect(proposed?.text).toMatch(/^Proposal recorded\./);

    expect(outcome).toMatchObject({ outcome: 'proposed', planner: 'claude' });
    expect(s.h.store.getIncident(incident.id)?.state).toBe('proposed');
    expect(s.h.store.listDiagnoses(incident.id).at(-1)).toMatchObject({ planner: 'claude', status: 'proposed' });
    const stored = loadLatestProposal(s.h.store, incident.id)!;
    expect(stored.proposal.actions).toEqual([
      expect.objectContaining({ type: 'edit_repo_file', path: FILE, baseBlobSha: file!.blob }),
    ]);
    expect(stored.delivery).toMatchObject({
      kind: 'pull_request',
      repoUrl: s.forge.url(REPO),
      base: 'main',
      sourcePath: 'apps/api',
      plannedAt: expect.stringMatching(/^[0-9a-f]{40}$/),
      manager: { kind: 'argocd', namespace: 'argocd', name: 'shop-api', selfHeal: true },
    });
    // The reviewer sees the file diff (only the limit changes, the comment kept) and the rendered Deployment's.
    const [fileDiff, rendered] = stored.diff.split(/^rendered Deployment shop\/api from apps\/api .*$/m);
    expect(fileDiff).toContain(`--- a/${FILE}`);
    expect(fileDiff).toMatch(/^-\s+memory: 64Mi$/m);
    expect(fileDiff).toMatch(/^\+\s+memory: 256Mi$/m);
    expect(fileDiff!.split('\n').filter((l) => /^[-+]\s/.test(l))).toHaveLength(2);
    expect(rendered).toMatch(/^\+\s+memory: 256Mi$/m);
    // Nothing reached the cluster or the forge: the fix waits for Approve and a pull request.
    expect(s.limit()).toBe('64Mi');
    expect(s.forge.github.pulls(REPO)).toEqual([]);
  }, 90_000);

  it('refuses to the model an edit outside the source path, and proposes nothing once it gives up', async () => {
    s = await stage({ selfHeal: true });
    const incident = await s.oomIncident();
    const refusals: ToolResult[] = [];
    const edit = (path: string, req: MessagesRequest) => {
      const file = readResult(toolResults(req)[0]);
      return {
        type: 'edit_repo_file',
        reason: 'Raise the memory limit to 256Mi',
        path,
        content: 'apiVersion: apps/v1\nkind: Deployment\n',
        baseBlobSha: file?.blob ?? 'a'.repeat(40),
      };
    };
    let blobReq: MessagesRequest | undefined;
    fake.load([
      () => reply(toolUse(t('read_repo_file'), { path: FILE })),
      (req) => {
        blobReq = req;
        return reply(toolUse(t('propose_fix'), { summary, actions: [edit('apps/other/deployment.yaml', req)] }));
      },
      (req) => {
        refusals.push(...toolResults(req));
        return reply(toolUse(t('propose_fix'), { summary, actions: [edit('apps/api/../../x.yaml', blobReq!)] }));
      },
      (req) => {
        refusals.push(...toolResults(req));
        return reply(text('Both edits were refused: the manifest to change is outside what I may edit.'));
      },
    ]);

    const outcome = await diagnoseIncident(deps(s), incident.id);

    expect(refusals.map((r) => [r.name, r.isError])).toEqual([
      [t('propose_fix'), true],
      [t('propose_fix'), true],
    ]);
    expect(refusals[0]!.text).toMatch(/^Refused:\n/);
    expect(refusals[0]!.text).toContain(
      'path "apps/other/deployment.yaml" is outside the source path "apps/api" the workload is deployed from',
    );
    expect(refusals[1]!.text).toContain(
      'path "apps/api/../../x.yaml" must be a plain repository path, without ".", ".." or empty segments',
    );
    // The clone is in scope: the edits are refused for their paths, not as edits of a repository never cloned.
    for (const r of refusals) expect(r.text).not.toContain('not deployed from a GitOps repository');
    expect(outcome).toMatchObject({
      outcome: 'no_fix',
      planner: 'claude',
      explanation: expect.stringContaining('Both edits were refused'),
    });
    expect(s.h.store.getIncident(incident.id)?.state).not.toBe('proposed');
    expect(s.h.store.latestProposal(incident.id)).toBeUndefined();
    expect(s.limit()).toBe('64Mi');
  }, 90_000);
});
