// A diagnosis Job of a GitOps-managed workload: the bot hands the Job a snapshot of the repository files under the
// Argo CD app's source path in its input ConfigMap (no clone, no token), `clopus diagnose` lays it out for the
// repository tools, the real Claude Code binary (against the Messages API fake) reads the manifest and proposes the
// repository edit, and the bot vets it against its own clone and delivers it as a pull request, as in process. A
// repository too large for a ConfigMap is not sent at all, and the model is told it has no repository tools.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { hashContent } from '../../src/gitops/index.js';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import { loadLatestProposal } from '../../src/planner/proposal/stored.js';
import { createDecisionService } from '../../src/remediation/index.js';
import { type DiagnoseDeps, diagnoseIncident } from '../../src/runner/diagnoser/index.js';
import { DiagnosisInput, JobRunner } from '../../src/runner/runners.js';
import type { KubeObject } from '../../src/sandbox/index.js';
import { writeKubeconfigFile } from '../../src/sandbox/kubeconfig.js';
import { type Kubelet, startKubelet } from '../../src/sandbox/kubelet/index.js';
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
import { REPO, type Stage, stage, TOKEN } from '../gitops/stage.js';

const t = (name: string) => `mcp__clopus__${name}`;
const FILE = 'apps/api/deployment.yaml';
const BOT_NS = 'clopus';
const summary = {
  rootCause: 'The api container is OOMKilled: its 64Mi memory limit, set in the GitOps repository, is too small.',
  confidence: 'high',
  risk: 'low',
} as const;

let fake: AnthropicFake;
let s: Stage | undefined;
let kubelet: Kubelet | undefined;
let runner: JobRunner | undefined;
let scratch: string | undefined;
beforeAll(async () => {
  fake = await startAnthropicFake();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(async () => {
  await runner?.stop();
  await kubelet?.stop();
  await s?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  s = kubelet = runner = scratch = undefined;
});

/** The GitOps stage with a kubelet running diagnosis Jobs as `clopus diagnose` and the model's Secret. */
async function jobStage(): Promise<{ st: Stage; deps: DiagnoseDeps; inputs: KubeObject[] }> {
  const st = await stage({ selfHeal: true });
  s = st;
  scratch = await mkdtemp(join(tmpdir(), 'clopus-job-repo-'));
  const kubeconfig = join(scratch, 'kubeconfig');
  writeKubeconfigFile(kubeconfig, { url: st.h.sandbox.url });
  kubelet = startKubelet(st.cluster, { kubeconfig });
  const access = fakeAccess(fake);
  st.cluster.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'clopus-model-credentials', namespace: BOT_NS },
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(access.credentials.vars).map(([k, v]) => [k, Buffer.from(v ?? '').toString('base64')]),
    ),
  });
  runner = new JobRunner({
    kube: st.h.kube,
    settings: { ...loadConfig({}).runner.job, namespace: BOT_NS, image: 'clopus:test', deadlineGraceSeconds: 30 },
    logger: silentLogger(),
  });
  const inputs: KubeObject[] = [];
  st.cluster.subscribe((c) => {
    if (c.type === 'ADDED' && c.kind === 'ConfigMap' && c.entry.obj.metadata.namespace === BOT_NS)
      inputs.push(structuredClone(c.entry.obj));
  });
  const deps: DiagnoseDeps = {
    store: st.h.store,
    kube: fixerKube(st.h.kube),
    config: fixerConfig({ CLOPUS_PLANNER: 'claude' }),
    access,
    logger: silentLogger(),
    limits: TEST_LIMITS,
    planClaude: runner.plan,
    gitops: { ...st.gitops, kube: st.h.kube },
  };
  return { st, deps, inputs };
}

const inputOf = (cm: KubeObject | undefined) =>
  DiagnosisInput.parse(JSON.parse(String((cm?.data as Record<string, string> | undefined)?.['diagnosis.json'])));

const leftConfigMaps = (st: Stage) => st.cluster.list('ConfigMap', BOT_NS).map((c) => c.metadata.name);

/** The file as read_repo_file showed it: its blob hash, and the content inside the untrusted fence. */
function readResult(r: ToolResult | undefined) {
  const m =
    /^(\S+): \d+ bytes, blob ([0-9a-f]{40})\n<untrusted source="file \1 in [^"]+">\n([\s\S]*)\n<\/untrusted>$/.exec(
      r?.text ?? '',
    );
  return m ? { blob: m[2]!, content: m[3]! } : undefined;
}

const systemText = (req: MessagesRequest) =>
  typeof req.system === 'string' ? req.system : (req.system ?? []).map((b) => b.text ?? '').join('\n');

describe('a diagnosis Job of a GitOps-managed Deployment', () => {
  it('gets the source path files in its input, reads and edits the manifest, and the bot opens the PR', async () => {
    const { st, deps, inputs } = await jobStage();
    // Files outside the app's source path are in the bot's clone but must not travel to the Job; a secret in a
    // file under it travels masked, and a binary file not at all.
    const secretFile = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  DB_PASSWORD: "hunter2-Very-Secret-77"\n';
    const head = await st.forge.git.commitFiles(
      `${REPO}.git`,
      'main',
      {
        'apps/other/deployment.yaml': 'kind: Deployment\n',
        'README.md': '# manifests\n',
        'apps/api/db-config.yaml': secretFile,
        'apps/api/logo.bin': 'PNG\0\0\u0001binary',
      },
      'Add another app',
    );
    const incident = await st.oomIncident();
    const original = (await st.forge.git.readFile(`${REPO}.git`, 'main', FILE))!;
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

    const outcome = await diagnoseIncident(deps, incident.id);

    // The input carried the two files under apps/api, whole and with their real blobs, and nothing else.
    expect(inputs).toHaveLength(1);
    const input = inputOf(inputs[0]);
    expect(input.repoUnavailable).toBeUndefined();
    expect(input.repo).toMatchObject({ url: st.forge.url(REPO), ref: 'main', headSha: head, sourcePath: 'apps/api' });
    expect(input.repo?.files.map((f) => f.path)).toEqual([
      'apps/api/db-config.yaml',
      FILE,
      'apps/api/kustomization.yaml',
    ]);
    expect(input.repo?.files[1]).toEqual({ path: FILE, content: original, blobSha: hashContent(original) });
    expect(input.repo?.files[0]).toEqual({
      path: 'apps/api/db-config.yaml',
      content: secretFile.replace('hunter2-Very-Secret-77', '[REDACTED]'),
      blobSha: hashContent(secretFile),
      redacted: true,
    });
    const raw = JSON.stringify(inputs[0]);
    expect(raw).not.toContain('hunter2');
    expect(raw).not.toContain('logo.bin');
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain('apps/other');
    expect(raw).not.toContain('# manifests');
    // In the Job the model had the repository tools and the GitOps rule, and read the file as the clone has it.
    expect(systemText(first!)).toContain('This workload is GitOps-managed');
    expect(allText(first!)).toContain(`repository: ${st.forge.url(REPO)}\nref: main (commit ${head})`);
    expect(first!.tools?.map((x) => x.name)).toEqual(
      expect.arrayContaining([t('list_repo_files'), t('read_repo_file'), t('grep_repo')]),
    );
    expect(first!.tools?.map((x) => x.name)).not.toContain(t('read_file'));
    expect(readResult(read)).toEqual({ blob: hashContent(original), content: original });
    expect(proposed).toMatchObject({ name: t('propose_fix'), isError: false });
    // The bot vetted it against its own clone: the stored proposal carries the repository diff and the PR delivery.
    expect(outcome).toMatchObject({ outcome: 'proposed', planner: 'claude' });
    const stored = loadLatestProposal(st.h.store, incident.id)!;
    expect(stored.proposal.actions).toEqual([
      expect.objectContaining({ type: 'edit_repo_file', path: FILE, baseBlobSha: hashContent(original) }),
    ]);
    expect(stored.delivery).toMatchObject({ kind: 'pull_request', sourcePath: 'apps/api', plannedAt: head });
    expect(stored.diff).toMatch(/^\+\s+memory: 256Mi$/m);
    expect(leftConfigMaps(st)).toEqual([]);
    expect(st.cluster.list('Job', BOT_NS)).toEqual([]);

    const approved = await createDecisionService(st.deps).approve(incident.id, 'cli:alice', 'cli');

    expect(approved).toMatchObject({ ok: true, outcome: 'pr_opened', state: 'pr_open' });
    expect(st.forge.github.pulls(REPO)).toEqual([
      expect.objectContaining({ number: 1, head: `clopus/incident-${incident.id}`, base: 'main', state: 'open' }),
    ]);
    const pushed = await st.forge.git.readFile(`${REPO}.git`, `clopus/incident-${incident.id}`, FILE);
    expect(pushed).toBe(original.replace(/(limits:\n\s+memory: )64Mi/, '$1256Mi'));
    expect(st.limit()).toBe('64Mi');
  }, 120_000);

  it('sends no snapshot of a source path too large for the input, tells the model, and still concludes', async () => {
    const { st, deps, inputs } = await jobStage();
    const bulk = (n: number) => `# generated ${n}\n${'data: 0123456789abcdef\n'.repeat(9000)}`;
    await st.forge.git.commitFiles(
      `${REPO}.git`,
      'main',
      { 'apps/api/data-1.yaml': bulk(1), 'apps/api/data-2.yaml': bulk(2), 'apps/api/data-3.yaml': bulk(3) },
      'Add generated data',
    );
    const incident = await st.oomIncident();
    let first: MessagesRequest | undefined;
    fake.load([
      (req) => {
        first = req;
        return reply(text('Without the repository files no lasting fix can be planned here.'));
      },
    ]);

    const outcome = await diagnoseIncident(deps, incident.id);

    const input = inputOf(inputs[0]);
    expect(input.repo).toBeUndefined();
    expect(input.repoUnavailable).toContain(`the files of ${st.forge.url(REPO)} under apps/api were not given`);
    expect(input.repoUnavailable).toContain('more than the 524288 bytes a diagnosis Job is given');
    expect(JSON.stringify(inputs[0])).not.toContain('# generated');
    const names = first!.tools?.map((x) => x.name) ?? [];
    expect(names).toContain(t('get_logs'));
    expect(names.filter((n) => n.includes('repo'))).toEqual([]);
    // The rule is in the system prompt, the reason (paths from the cluster) fenced as data in the first message.
    expect(allText(first!)).toContain('its repository files are not available in this run');
    expect(allText(first!)).toContain('no repository tools are offered, so no edit_repo_file can be proposed');
    expect(allText(first!)).toMatch(
      /The repository files are not available in this run:\n<untrusted[^>]*>[^<]*under apps\/api were not given/,
    );
    expect(outcome).toMatchObject({
      outcome: 'no_fix',
      planner: 'claude',
      explanation: expect.stringContaining('no lasting fix'),
    });
    expect(st.h.store.getIncident(incident.id)?.state).toBe('no_fix');
    expect(leftConfigMaps(st)).toEqual([]);
    expect(st.limit()).toBe('64Mi');
  }, 120_000);
});
