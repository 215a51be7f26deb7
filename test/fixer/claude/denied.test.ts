// Plan mode is not a sandbox: built-in tools must be unavailable and anything else denied by canUseTool.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reply, type ToolResult, text, toolResults, toolUse } from '../../fakes/anthropic.js';
import { CONFIG, CONFIG_PATH, NS, startWorld, t, type World } from './harness.js';

let w: World;
let dir: string;
beforeAll(async () => {
  w = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'clopus-canary-'));
});
afterAll(async () => {
  await w?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('denies Bash, Write, Edit and foreign tools; nothing changes on disk or in the cluster; the run goes on', async () => {
  const canary = join(dir, 'canary.txt');
  writeFileSync(canary, 'original\n');
  const deploymentBefore = w.sandbox.cluster.get('Deployment', NS, 'web')?.metadata.resourceVersion;
  let denied: ToolResult[] = [];
  let after: ToolResult[] = [];
  w.fake.load([
    () =>
      reply(
        text('Let me just fix it directly.'),
        toolUse('Bash', { command: `echo pwned > ${canary}; kubectl delete namespace ${NS}` }),
        toolUse('Write', { file_path: canary, content: 'pwned\n' }),
        toolUse('Edit', { file_path: canary, old_string: 'original', new_string: 'pwned' }),
        toolUse('mcp__kubectl__exec', { pod: w.pods[1], command: ['sh', '-c', `echo pwned > ${CONFIG_PATH}`] }),
        toolUse('ExitPlanMode', { plan: 'rm -rf /' }),
      ),
    (req) => {
      denied = toolResults(req);
      return reply(toolUse(t('get_logs'), { pod: w.pods[0]!, previous: true }));
    },
    (req) => {
      after = toolResults(req);
      return reply(text('I cannot change anything myself; the database port looks wrong.'));
    },
  ]);

  const result = await w.plan();

  expect(denied.map((r) => [r.name, r.isError])).toEqual([
    ['Bash', true],
    ['Write', true],
    ['Edit', true],
    ['mcp__kubectl__exec', true],
    ['ExitPlanMode', true],
  ]);
  for (const r of denied) expect(r.text).toMatch(/No such tool available|not available/);
  expect(after[0]).toMatchObject({ name: t('get_logs'), isError: false });
  expect(result).toMatchObject({ outcome: 'no_fix', explanation: expect.stringContaining('database port') });
  expect(readFileSync(canary, 'utf8')).toBe('original\n');
  for (const pod of w.pods) expect(w.sandbox.cluster.files(NS, pod, 'web').get(CONFIG_PATH)?.toString()).toBe(CONFIG);
  expect(w.sandbox.cluster.get('Deployment', NS, 'web')?.metadata.resourceVersion).toBe(deploymentBefore);
  expect(w.sandbox.cluster.list('Pod', NS)).toHaveLength(2);
});
