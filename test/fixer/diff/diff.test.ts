// Proposal diffs: a unified diff per file edit, a YAML diff from a server dry run per patch, redacted and capped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../../src/kube/index.js';
import { capLines, proposalDiff } from '../../../src/planner/diff/index.js';
import { type FixerKube, fixerKube } from '../../../src/planner/kube.js';
import type { Proposal } from '../../../src/planner/proposal/schema.js';
import { deployment, type Sandbox, startSandbox } from '../../../src/sandbox/index.js';

const NS = 'shop';
const CONFIG = 'listen: 8080\nupstream: db.shop.svc:5433\ntimeout: 5s\n';
const BIG = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n';

let sandbox: Sandbox;
let kube: FixerKube;
let pods: string[];
beforeAll(async () => {
  sandbox = await startSandbox();
  kube = fixerKube(new KubeClient(sandbox.kubeConfig()));
  const made = deployment(sandbox.cluster, {
    namespace: NS,
    name: 'web',
    replicas: 1,
    containers: [
      {
        name: 'web',
        image: 'shop/web:1.4.2',
        resources: { limits: { memory: '256Mi' } },
        env: { DB_PASSWORD: 'hunter2', LOG_LEVEL: 'info' },
        files: { '/etc/web/config.yaml': CONFIG, '/srv/big.txt': BIG },
      },
    ],
  });
  pods = made.pods.map((p) => p.metadata.name);
});
afterAll(async () => {
  await sandbox?.stop();
});

const summary = { rootCause: 'The upstream port is wrong.', confidence: 'high', risk: 'low' } as const;
const ctx = () => ({ kube, incident: { namespace: NS, workloadKind: 'Deployment', workloadName: 'web' } });
const memoryPatch = (memory: string) => ({
  spec: { template: { spec: { containers: [{ name: 'web', resources: { limits: { memory } } }] } } },
});

describe('proposalDiff', () => {
  it('shows a file edit as a unified diff and a patch as a YAML diff of the dry-run result, without bookkeeping', async () => {
    const before = sandbox.cluster.get('Deployment', NS, 'web')?.metadata.resourceVersion;
    const proposal: Proposal = {
      summary,
      actions: [
        {
          type: 'edit_file',
          reason: 'Fix the port',
          pod: pods[0]!,
          container: 'web',
          path: '/etc/web/config.yaml',
          content: CONFIG.replace('5433', '5432'),
        },
        { type: 'patch_workload', reason: 'More memory', patch: memoryPatch('512Mi') },
        {
          type: 'exec',
          reason: 'Reload',
          pod: pods[0]!,
          container: 'web',
          argv: ['sh', '-c', "kill -HUP 1 && echo 'done'"],
        },
        { type: 'restart_pod', reason: 'Start clean', pod: pods[0]! },
      ],
    };

    const diff = await proposalDiff(ctx(), proposal);

    expect(diff.problems).toEqual([]);
    expect(diff.sections.map((s) => s.title)).toEqual([
      `edit_file /etc/web/config.yaml in ${NS}/${pods[0]}/web`,
      `patch_workload Deployment ${NS}/web`,
      `exec in ${NS}/${pods[0]}/web`,
      `restart_pod ${NS}/${pods[0]}`,
    ]);
    expect(diff.sections[0]!.body).toBe(
      [
        '--- a/etc/web/config.yaml\tcurrent',
        '+++ b/etc/web/config.yaml\tproposed',
        '@@ -1,3 +1,3 @@',
        ' listen: 8080',
        '-upstream: db.shop.svc:5433',
        '+upstream: db.shop.svc:5432',
        ' timeout: 5s',
        '',
      ].join('\n'),
    );
    const yaml = diff.sections[1]!.body;
    expect(yaml).toMatch(
      /^--- deployment\/web\tcurrent\n\+\+\+ deployment\/web\tafter the patch \(server dry run\)\n@@ /,
    );
    expect(yaml).toMatch(/^-\s+memory: 256Mi$/m);
    expect(yaml).toMatch(/^\+\s+memory: 512Mi$/m);
    for (const noise of ['resourceVersion', 'managedFields', 'uid:', 'creationTimestamp', 'generation', 'status:'])
      expect(diff.text).not.toContain(noise);
    expect(diff.sections[2]!.body).toBe("$ sh -c 'kill -HUP 1 && echo '\\''done'\\'''\n");
    expect(
      diff.text.startsWith(`1. edit_file /etc/web/config.yaml in ${NS}/${pods[0]}/web\n--- a/etc/web/config.yaml`),
    ).toBe(true);
    expect(sandbox.cluster.get('Deployment', NS, 'web')?.metadata.resourceVersion).toBe(before);
  });

  it('redacts secrets from the spec and file contents', async () => {
    const proposal: Proposal = {
      summary,
      actions: [
        {
          type: 'patch_workload',
          reason: 'Quieter logs',
          patch: {
            spec: {
              template: { spec: { containers: [{ name: 'web', env: [{ name: 'LOG_LEVEL', value: 'warn' }] }] } },
            },
          },
        },
      ],
    };

    const diff = await proposalDiff(ctx(), proposal);

    expect(diff.text).toMatch(/^\+\s+- LOG_LEVEL=warn$/m);
    expect(diff.text).toContain('DB_PASSWORD=[REDACTED]');
    expect(diff.text).not.toContain('hunter2');
  });

  it('reports a patch the API server refuses, and one that changes nothing', async () => {
    const refused: Proposal = {
      summary,
      actions: [
        {
          type: 'patch_workload',
          reason: 'Request more than the limit',
          patch: {
            spec: { template: { spec: { containers: [{ name: 'web', resources: { requests: { memory: '8Gi' } } }] } } },
          },
        },
      ],
    };
    const noop: Proposal = {
      summary,
      actions: [{ type: 'patch_workload', reason: 'Same limit', patch: memoryPatch('256Mi') }],
    };

    const [a, b] = await Promise.all([proposalDiff(ctx(), refused), proposalDiff(ctx(), noop)]);

    expect(a.problems).toEqual([
      expect.stringMatching(
        /^action 1 \(patch_workload\): the API server refused the patch of Deployment shop\/web \(dry run\): .*must be less than or equal to memory limit/,
      ),
    ]);
    expect(b.problems).toEqual(['action 1 (patch_workload): the patch does not change Deployment shop/web']);
  });

  it('shows a new file whole, and says so', async () => {
    const proposal: Proposal = {
      summary,
      actions: [
        {
          type: 'edit_file',
          reason: 'Add an override',
          pod: pods[0]!,
          container: 'web',
          path: '/etc/web/override.yaml',
          content: 'timeout: 10s\n',
        },
      ],
    };

    const diff = await proposalDiff(ctx(), proposal);

    expect(diff.sections[0]!.body).toBe(
      'note: new file\n--- a/etc/web/override.yaml\tcurrent\n+++ b/etc/web/override.yaml\tproposed\n@@ -0,0 +1,1 @@\n+timeout: 10s\n',
    );
  });

  it('caps a long diff at 200 lines with a marker saying how many lines were left out', async () => {
    const proposal: Proposal = {
      summary,
      actions: [
        {
          type: 'edit_file',
          reason: 'Rewrite',
          pod: pods[0]!,
          container: 'web',
          path: '/srv/big.txt',
          content: BIG.replace(/line/g, 'LINE'),
        },
      ],
    };

    const diff = await proposalDiff(ctx(), proposal);

    const lines = diff.sections[0]!.body.trimEnd().split('\n');
    expect(lines).toHaveLength(200);
    expect(lines.at(-1)).toBe(`… ${diff.sections[0]!.omittedLines} more lines`);
    expect(diff.sections[0]!.omittedLines).toBe(2003 - 199);
  });

  it('caps the sections together, leaving later ones a marker', async () => {
    const edit = {
      type: 'edit_file',
      reason: 'Rewrite',
      pod: pods[0]!,
      container: 'web',
      path: '/srv/big.txt',
      content: BIG.replace(/line/g, 'LINE'),
    } as const;

    const diff = await proposalDiff({ ...ctx(), caps: { totalLines: 250 } }, { summary, actions: [edit, edit] });

    expect(diff.sections[0]!.body.trimEnd().split('\n')).toHaveLength(200);
    expect(diff.sections[1]!.body.trimEnd().split('\n')).toHaveLength(50);
    expect(diff.text.length).toBeLessThan(38 * 1024);
  });
});

describe('capLines', () => {
  it.each([
    ['fits', 'a\nb\n', 5, 100, 'a\nb\n', 0],
    ['too many lines', 'a\nb\nc\nd\n', 3, 100, 'a\nb\n… 2 more lines\n', 2],
    ['too many bytes', 'aaaaaaaaaa\nbbbbbbbbbb\ncccccccccc\n', 10, 30, 'aaaaaaaaaa\n… 2 more lines\n', 2],
    ['empty', '', 3, 10, '', 0],
  ])('%s', (_, text, maxLines, maxBytes, expected, omitted) => {
    expect(capLines(text, maxLines, maxBytes)).toEqual({ text: expected, omittedLines: omitted });
  });
});
