// `clopus diagnose` at its edges (input, credentials, the one result line), and how the bot reads that line back
// out of a pod log that mixes it with log records.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cli/commands/diagnose.js';
import { DiagnosisResult, readResultLine } from '../../../src/runner/runners.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let [out, err] = ['', ''];
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await diagnose(argv, { stdout, stderr, stdin: new PassThrough(), env });
  return { code, lines: out.split('\n').filter(Boolean), err };
}

const dir = mkdtempSync(join(tmpdir(), 'clopus-diagnose-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const input = {
  version: 1,
  incident: {
    id: 3,
    namespace: 'shop',
    workloadKind: 'Deployment',
    workloadName: 'web',
    container: 'web',
    reason: 'CrashLoopBackOff',
    message: 'back-off',
    pods: [{ name: 'web-1' }],
  },
  evidence: [],
  planner: { limits: { timeoutMs: 5000, maxTurns: 3, maxBudgetUsd: 1 } },
};

describe('clopus diagnose', () => {
  it('needs --input', async () => {
    await expect(run([])).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      exitCode: 2,
      message: expect.stringContaining('--input FILE is required'),
    });
  });

  it.each([
    [
      'an input file it cannot read',
      ['--input', join(dir, 'absent.json')],
      {},
      2,
      /^cannot read the diagnosis input .*absent\.json: ENOENT$/,
    ],
    [
      'an input file that is not a diagnosis',
      ['--input', file('bad.json', JSON.stringify({ ...input, incident: { id: 'x' } }))],
      {},
      2,
      /^the diagnosis input .*bad\.json is invalid: incident\.id: /,
    ],
    [
      'no model credentials in its environment',
      ['--input', file('ok.json', JSON.stringify(input))],
      {},
      1,
      /^no model credentials in the environment/,
    ],
  ] as const)('prints exactly one failed result line for %s', async (_, argv, env, code, reason) => {
    const result = await run([...argv], env);

    expect(result.code).toBe(code);
    expect(result.lines).toHaveLength(1);
    expect(DiagnosisResult.parse(JSON.parse(result.lines[0]!))).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(reason),
      usage: { model: null, turns: 0 },
    });
    expect(JSON.parse(result.err.trim().split('\n').at(-1)!)).toMatchObject({
      msg: 'diagnosis did not run',
      reason: expect.stringMatching(reason),
    });
  });
});

describe('reading the result line from a pod log', () => {
  const usage = { model: 'm', turns: 2, inputTokens: 10, outputTokens: 5, costUsd: 0.01, durationMs: 900 };
  const line = JSON.stringify({
    clopusDiagnosisResult: 1,
    outcome: 'no_fix',
    explanation: 'Nothing safe to change.',
    usage,
  });
  const record = (msg: string) => JSON.stringify({ level: 30, time: 1, msg });

  it.each([
    [
      'between log records',
      [record('diagnosis started'), line, record('bye')].join('\n'),
      { result: expect.objectContaining({ outcome: 'no_fix' }) },
    ],
    [
      'the last of two',
      [JSON.stringify({ clopusDiagnosisResult: 1, outcome: 'failed', reason: 'x', usage }), line].join('\n'),
      { result: expect.objectContaining({ outcome: 'no_fix' }) },
    ],
    ['cut short', `${record('a')}\n${line.slice(0, 40)}`, { malformed: expect.stringMatching(/^not JSON/) }],
    [
      'of the wrong shape',
      JSON.stringify({ clopusDiagnosisResult: 1, outcome: 'no_fix', usage }),
      { malformed: 'explanation: Invalid input: expected string, received undefined' },
    ],
    ['absent', [record('a'), '{"outcome":"no_fix"}'].join('\n'), { missing: true }],
  ])('finds it %s', (_, log, expected) => {
    expect(readResultLine(log)).toEqual(expected);
  });
});
