// Runs the real `clopus` executable (bin/clopus.js) in a child process, as a terminal or a script would: only the
// environment given (plus PATH and a private HOME), its own working directory, stdout and stderr apart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { openStore, type Store } from '../../src/store/index.js';
import { newIncident } from '../store/fixtures.js';

export const BIN = fileURLToPath(new URL('../../bin/clopus.js', import.meta.url));

export interface BinRun {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

export async function clopus(
  argv: string[],
  opts: { env?: Record<string, string>; cwd: string; input?: string },
): Promise<BinRun> {
  const run = await execa(process.execPath, [BIN, ...argv], {
    cwd: opts.cwd,
    extendEnv: false,
    reject: false,
    timeout: 60_000,
    stripFinalNewline: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: opts.cwd, CLOPUS_LOG_LEVEL: 'warn', ...opts.env },
    ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
  });
  return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr };
}

export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `clopus-${name}-`));

/**
 * A database holding incident 1, `proposed`, whose first proposal (1) was replaced by a second (2): what a person
 * who reviewed proposal 1 meets after a re-diagnosis.
 */
export function seedProposed(path: string, overrides: Parameters<typeof newIncident>[0] = {}): void {
  const store: Store = openStore(path);
  try {
    const { id } = store.createIncident(newIncident({ workloadName: 'cache', ...overrides }), 'detector');
    store.transition(id, 'open', 'diagnosing', { actor: 'fixer' });
    const proposal = () =>
      store.saveProposal({
        incidentId: id,
        diagnosisId: null,
        summary: { rootCause: 'The memory limit is below the working set.', confidence: 'high', risk: 'low' },
        actions: [{ type: 'patch_workload', reason: 'Double the memory limit', patch: { spec: {} } }],
        diff: '',
      });
    const first = proposal();
    store.transition(id, 'diagnosing', 'proposed', { actor: 'fixer', detail: { proposalId: first.id } });
    proposal();
  } finally {
    store.close();
  }
}
