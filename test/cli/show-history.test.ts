// `clopus show ID` through the real executable: the history reads as facts, the same words as the dashboard's
// timeline (both from src/present/), with no JSON, code keys, ISO strings or terminal escapes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { FACTS, RAW, seedTrail } from '../present/trail.js';
import { manualClock } from '../store/fixtures.js';
import { clopus, tempDir } from './bin.js';

const dir = tempDir('show-history');
const db = join(dir, 'clopus.db');
const store = openStore(db, { now: manualClock('2026-02-24T01:12:00.000Z').now });
const id = seedTrail(store);
store.close();

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clopus show: history', () => {
  it('prints every audit detail as facts, and no raw data', async () => {
    const run = await clopus(['show', String(id)], { cwd: dir, env: { CLOPUS_DB_PATH: db } });
    const history = run.stdout.slice(run.stdout.indexOf('\nHistory:\n'));

    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const fact of FACTS) expect(history).toContain(fact);
    for (const raw of RAW) expect(history).not.toMatch(raw);
    expect(run.stdout).not.toMatch(/\u001b|\u0007/);
  }, 60_000);

  it('names a state once and labels events', async () => {
    const run = await clopus(['show', String(id)], { cwd: dir, env: { CLOPUS_DB_PATH: db } });

    expect(run.stdout).toMatch(/^ {2}2026-02-24 01:12:00 UTC {2}detector {2,}- → open {2}detected$/m);
    expect(run.stdout).toMatch(/ {2}policy:trusted {2,}proposed → approved$/m);
    expect(run.stdout).toMatch(/ {2}policy:trusted {2,}regressed → rolled_back$/m);
    expect(run.stdout).toMatch(/ {2}policy:trusted {2,}Auto-approved by policy$/m);
    expect(run.stdout).toMatch(/^First seen 2026-02-24 01:12:00 UTC \(\d+ d ago\)/m);
  }, 60_000);
});
