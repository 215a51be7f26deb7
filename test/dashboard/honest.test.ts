// The dashboard tells the truth about what is still broken (issue 17): stopped incidents whose workload still fails
// are under "Needs a look", a fix that was applied and rolled back counts as applied, every count card opens the
// list it counts, and a page after a fix shows the old error and pods as history, hides model usage nobody spent,
// and says on a no-fix page how to get one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/index.js';
import { bringTo, cleanup, type ManualClock, manualClock, newIncident, open, tempDbPath } from '../store/fixtures.js';
import { type Seeded, startSeeded } from './harness.js';

interface Card {
  label: string;
  value: string;
  note: string;
  href: string | undefined;
}

/** The overview's cards, in order, as text. */
function cards(page: string): Card[] {
  const found = [
    ...page.matchAll(
      /<(a|div) class="card[^"]*"(?: href="([^"]*)")?><div class="card-label">([^<]*)<\/div><div class="card-value">([^<]*)<\/div><div class="card-note">([^<]*)<\/div>/g,
    ),
  ];
  return found.map((m) => ({ href: m[2]?.replace(/&amp;/g, '&'), label: m[3]!, value: m[4]!, note: m[5]! }));
}

function card(page: string, label: string): Card {
  const found = cards(page).find((c) => c.label === label);
  if (!found) throw new Error(`no card "${label}" among ${JSON.stringify(cards(page).map((c) => c.label))}`);
  return found;
}

/** How many incidents an /incidents page says match, and the ids it shows. */
function listed(page: string): { total: number; ids: number[] } {
  const total = Number(/data-total="(\d+)"/.exec(page)?.[1] ?? NaN);
  const table = /<div id="incidents"[\s\S]*$/.exec(page)?.[0] ?? '';
  return { total, ids: [...table.matchAll(/class="id-link">#(\d+)</g)].map((m) => Number(m[1])) };
}

afterAll(cleanup);

describe('the overview after a reject and a rollback', () => {
  let store: Store;
  let clock: ManualClock;
  let dashboard: RunningDashboard;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    clock = manualClock('2026-03-02T10:00:00.000Z');
    store = open(tempDbPath(), clock);
    // Last week: one rejected and not seen failing since (as if the detector had stopped), one rolled back.
    ids.quiet = store.createIncident(newIncident({ workloadName: 'quiet' }), 'detector').id;
    bringTo(store, ids.quiet, 'rejected');
    ids.superseded = store.createIncident(newIncident({ workloadName: 'again' }), 'detector').id;
    bringTo(store, ids.superseded, 'rolled_back');
    clock.advance(8 * 24 * 3600);
    // The rolled-back workload broke again: the detector filed it anew, and that incident carries the story on.
    ids.again = store.createIncident(newIncident({ workloadName: 'again' }), 'detector').id;
    bringTo(store, ids.again, 'no_fix');
    ids.healed = store.createIncident(newIncident({ workloadName: 'healed' }), 'detector').id;
    bringTo(store, ids.healed, 'resolved');
    clock.advance(600);
    // Tonight: one fix rejected, one applied and rolled back before verification said anything. Both still fail.
    ids.rejected = store.createIncident(
      newIncident({ workloadName: 'cart', reason: 'CrashLoopBackOff' }),
      'detector',
    ).id;
    bringTo(store, ids.rejected, 'rejected');
    ids.rolledBack = store.createIncident(newIncident({ workloadName: 'ledger', reason: 'OOMKilled' }), 'detector').id;
    bringTo(store, ids.rolledBack, 'rolled_back');
    clock.advance(300);
    const cart = store.getIncident(ids.rejected)!;
    store.recordObservation(cart.id, {
      pods: cart.pods,
      restarts: cart.restarts + 2,
      message: cart.message,
      lastSeenAt: clock.iso(),
    });
    dashboard = await startDashboard({ store, logger: silentLogger(), port: 0, now: clock.now });
  });

  afterAll(async () => {
    await dashboard?.close();
  });

  const get = async (path: string) => (await fetch(`${dashboard.url}${path}`)).text();

  it('puts the still-failing rejected and rolled-back workloads under "Needs a look"', async () => {
    const page = await get('/');

    expect(card(page, 'Waiting for a decision').value).toBe('0');
    expect(card(page, 'In progress').value).toBe('0');
    // The no-fix incident that followed last week's rollback counts; that rollback and the quiet reject do not.
    expect(card(page, 'Needs a look')).toMatchObject({ value: '3', href: '/incidents?list=needs-look' });
    const panel = /<section class="panel panel-attention" id="needs-look">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect([...panel.matchAll(/class="id-link">#(\d+)</g)].map((m) => Number(m[1])).sort()).toEqual(
      [ids.again, ids.rejected, ids.rolledBack].sort(),
    );
    expect(panel).toContain('Fix rejected: fix it by hand.');
    expect(panel).toContain('Fix undone: the original failure is presumably back.');
  });

  it('counts the fix that was applied and rolled back', async () => {
    const fix = card(await get('/'), 'Fix success · 7 d');

    expect(fix.note).toBe('1 applied · 1 rolled back');
    expect(fix.value).toBe('0%');
    expect(fix.href).toBe('/incidents?list=fixes');
  });

  it('lists exactly what the cards count', async () => {
    const needs = listed(await get('/incidents?list=needs-look'));
    const progress = listed(await get('/incidents?list=in-progress'));
    const fixes = listed(await get('/incidents?list=fixes'));
    const narrowed = listed(await get('/incidents?list=needs-look&state=rejected'));

    expect(needs.ids.sort()).toEqual([ids.again, ids.rejected, ids.rolledBack].sort());
    expect(needs.total).toBe(3);
    expect(progress).toEqual({ total: 0, ids: [] });
    expect(fixes.ids.sort()).toEqual([ids.superseded, ids.rolledBack].sort());
    expect(narrowed.ids).toEqual([ids.rejected]);
  });

  it('titles a named list and keeps it through the filter form', async () => {
    const page = await get('/incidents?list=needs-look&namespace=shop');

    expect(page).toContain('<h1>Needs a look</h1>');
    expect(page).toContain('<input type="hidden" name="list" value="needs-look">');
    expect(page).toMatch(/hx-get="\/fragments\/incidents\?namespace=shop&amp;list=needs-look&amp;v=/);
  });
});

describe('the seeded night', () => {
  let seeded: Seeded;

  beforeAll(async () => {
    seeded = await startSeeded();
  });

  afterAll(async () => {
    await seeded?.dashboard.close();
  });

  const get = async (path: string) => (await fetch(`${seeded.url}${path}`)).text();

  it('links every count card to the list it counts', async () => {
    const overview = await get('/');
    const counted = cards(overview).filter((c) => /^\d+$/.test(c.value));

    expect(counted.map((c) => c.label)).toEqual(['Waiting for a decision', 'In progress', 'Needs a look']);
    for (const c of counted) {
      expect(c.href, c.label).toMatch(/^\/incidents\?/);
      expect(listed(await get(c.href!)).total, c.label).toBe(Number(c.value));
    }
    expect(card(overview, 'Needs a look').value).toBe('7');
  });

  it("shows a verified incident's error and pods as history, and no model usage for a runbook run", async () => {
    const page = await get(`/incidents/${seeded.ids.get('verified')}`);

    expect(page).toContain(
      '<p class="message past"><span class="was">was:</span> container &quot;checkout&quot; was OOMKilled',
    );
    expect(page).toContain('<h2>Pods at the time</h2>');
    expect(page).toContain('They may no longer exist.');
    expect(page).toContain('<h2>Evidence at the time</h2>');
    expect(page).toMatch(
      /<dt>Fixed<\/dt><dd><time datetime="[^"]+">2026-03-02 \d\d:\d\d:\d\d UTC<\/time> <span class="muted">\(verified\)<\/span>/,
    );
    expect(page).not.toContain('Model usage');
    expect(page).toContain('By the built-in runbooks in 20 ms, with no model call.');
  });

  it('shows a resolved incident as history too', async () => {
    const page = await get(`/incidents/${seeded.ids.get('resolved')}`);

    expect(page).toContain('<span class="was">was:</span> pod evicted');
    expect(page).toContain('<h2>Pods at the time</h2>');
    expect(page).not.toContain('Model usage');
  });

  it('keeps a live incident current, with its model usage', async () => {
    const page = await get(`/incidents/${seeded.ids.get('proposed')}`);

    expect(page).not.toContain('class="was"');
    expect(page).toContain('<h2>Pods</h2>');
    expect(page).toContain('<h2>Model usage</h2>');
  });

  it('marks history in the incidents list', async () => {
    const page = await get('/incidents?namespace=shop&state=resolved');

    expect(page).toContain('<span class="was">was:</span> pod evicted');
  });

  it('says on a no-fix page Claude Code looked at what to do next', async () => {
    const page = await get(`/incidents/${seeded.ids.get('no_fix')}`);

    expect(page).toContain('Claude Code looked at this incident and found nothing safe to change');
    expect(page).toContain('<strong>Or fix it by hand.</strong>');
    expect(page).not.toContain('ANTHROPIC_API_KEY');
    expect(page).toContain('<h2>Model usage</h2>');
  });

  it.each([
    [
      'no model credentials',
      'No runbook applies to Error. No model credentials are configured, so only runbooks run.',
      'Clopus has no model credentials',
    ],
    [
      'the model planner off',
      'No runbook applies to Error. The model planner is off (CLOPUS_PLANNER=runbooks).',
      'set <code>CLOPUS_PLANNER=auto</code> and',
    ],
  ])('says on a runbook-only no-fix page (%s) how to have Claude Code diagnose it', async (_, explanation, says) => {
    const { store } = seeded;
    const incident = store.createIncident(
      newIncident({ namespace: 'data', workloadName: `export-${says.length}`, reason: 'Error' }),
      'detector',
    );
    store.transition(incident.id, 'open', 'diagnosing', { actor: 'fixer' });
    const { diagnosis } = store.startDiagnosis({
      incidentId: incident.id,
      attempt: 1,
      planner: 'runbook',
      model: null,
    });
    store.concludeDiagnosis({
      diagnosisId: diagnosis.id,
      to: 'no_fix',
      actor: 'fixer',
      finish: {
        status: 'no_fix',
        usage: { model: null, turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 3 },
        explanation,
      },
    });

    const page = await get(`/incidents/${incident.id}`);

    expect(page).toContain('id="how-to-fix"');
    expect(page).toContain(says);
    expect(page).toContain('<code>ANTHROPIC_API_KEY</code>');
    expect(page).toContain('<code>CLOPUS_CLAUDE_CREDENTIALS_FILE</code>');
    expect(page).toContain('<strong>Or fix it by hand.</strong>');
    expect(page).not.toContain('Model usage');
  });
});
