// `clopus revise ID TEXT…` from a terminal: the words after the ID request changes to the runbook's proposal (no
// cluster needed), `clopus show` lists the revision and what came of it, and bad input is a usage error.
import { userInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { fixerKube } from '../../src/planner/kube.js';
import { diagnoseIncident } from '../../src/runner/diagnoser/index.js';
import { type Proposed, proposedOom } from '../fixer/decide/setup.js';
import { fixerConfig } from '../fixer/diagnoser/setup.js';
import { runCli } from './run.js';

const actor = `cli:${userInfo().username}`;
let p: Proposed | undefined;
afterEach(async () => {
  await p?.h.close();
  p = undefined;
});

// No KUBECONFIG: asking for changes never talks to the cluster.
const envOf = (proposed: Proposed) => ({ CLOPUS_DB_PATH: proposed.h.dbPath, CLOPUS_LOG_LEVEL: 'silent' });

describe('clopus revise', () => {
  it('requests changes with the words after the ID, and clopus show lists the revision and its proposal', async () => {
    p = await proposedOom();
    const env = envOf(p);

    const run = await runCli(['revise', String(p.incidentId), 'use', '256Mi'], { env });
    const waiting = await runCli(['show', String(p.incidentId)], { env });
    const outcome = await diagnoseIncident(
      { store: p.h.store, kube: fixerKube(p.h.kube), config: fixerConfig(), logger: silentLogger() },
      p.incidentId,
    );
    const revised = await runCli(['show', `#${p.incidentId}`], { env });

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe(
      `Changes requested by ${actor} (revision 1 of 3): a revised proposal is being prepared; proposal ${p.proposalId} will not be applied.`,
    );
    expect(run.stdout).toContain(`Next: A running clopus serve prepares the revised proposal; follow it with:`);
    expect(waiting.stdout).toContain('State:     revising');
    expect(waiting.stdout).toContain(`Revisions:\n  Revision 1 by ${actor}: use 256Mi → being prepared`);
    expect(outcome).toMatchObject({ outcome: 'proposed' });
    if (outcome.outcome !== 'proposed') throw new Error('unreachable');
    expect(revised.stdout).toContain(`  Revision 1 by ${actor}: use 256Mi → proposal ${outcome.proposalId}`);
    expect(revised.stdout).toMatch(/#2 runbook \(revision 1\)\s+proposed/);
    expect(revised.stdout).toContain(`Proposal ${outcome.proposalId} (pending`);
  });

  it('answers a request bound to a replaced proposal with the refusal and exit 1', async () => {
    p = await proposedOom();
    const env = envOf(p);
    await runCli(['revise', String(p.incidentId), 'use', '256Mi'], { env });

    const again = await runCli(['revise', String(p.incidentId), '--proposal', String(p.proposalId), 'use 192Mi'], {
      env,
    });

    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(
      new RegExp(`^Changes to proposal ${p.proposalId} were already requested by ${actor} at \\S+ \\(revision 1\\)`),
    );
  });

  it.each([
    ['a bad ID', ['revise', 'three', 'use', '256Mi'], 'clopus revise needs one incident ID (a positive whole number)'],
    ['no ID', ['revise'], 'clopus revise needs one incident ID (a positive whole number)'],
    ['no words', ['revise', '3'], "say what should change in incident 3's proposal, in at most 2000 characters"],
  ])('is a usage error (exit 2) for %s', async (_what, argv, sentence) => {
    const run = await runCli(argv, { env: { CLOPUS_LOG_LEVEL: 'silent' } });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`clopus: ${sentence}`);
    expect(run.stderr).toContain('usage: clopus revise ID TEXT… [--proposal P] [--output table|json]');
  });

  it('says when the incident does not exist, and is listed in the help', async () => {
    p = await proposedOom();

    const missing = await runCli(['revise', '99', 'use', '256Mi'], { env: envOf(p) });
    const help = await runCli(['help']);
    const own = await runCli(['revise', '--help']);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('incident 99 not found');
    expect(help.stdout).toContain('clopus revise ID TEXT… [--proposal P] [--output table|json]');
    expect(own.stdout).toContain('TEXT…');
    expect(own.stdout).toContain('CLOPUS_MAX_REVISIONS');
  });
});
