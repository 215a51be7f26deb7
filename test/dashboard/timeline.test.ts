// The incident page's timeline over HTTP: audit details read as facts (the same words `clopus show` prints, from
// src/present/), never as JSON, camelCase keys, ISO strings or terminal escapes, and a state is named once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import { silentLogger } from '../../src/logger.js';
import { FACTS, RAW, seedTrail, T0 } from '../present/trail.js';
import { cleanup, manualClock, open, tempDbPath } from '../store/fixtures.js';

let dashboard: RunningDashboard;
let id: number;

beforeAll(async () => {
  const clock = manualClock(T0);
  const store = open(tempDbPath(), clock);
  id = seedTrail(store);
  dashboard = await startDashboard({ store, logger: silentLogger(), port: 0, host: '127.0.0.1', now: clock.now });
});

afterAll(async () => {
  await dashboard?.close();
  cleanup();
});

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

async function timeline(): Promise<{ html: string; items: string[]; facts: string[] }> {
  const res = await fetch(`${dashboard.url}/incidents/${id}`);
  const page = await res.text();
  expect(res.status).toBe(200);
  const html = /<ol class="timeline">[\s\S]*?<\/ol>/.exec(page)?.[0] ?? '';
  const items = [...html.matchAll(/<li[\s\S]*?<\/li>/g)].map((m) => m[0]);
  const facts = [...html.matchAll(/<div class="detail-text">([\s\S]*?)<\/div>/g)].map((m) => unescapeHtml(m[1]!));
  return { html, items, facts };
}

describe('the timeline', () => {
  it('shows every audit detail as readable facts', async () => {
    const { facts } = await timeline();

    for (const fact of FACTS) expect(facts.join('\n')).toContain(fact);
  });

  it('shows no raw data: no JSON, no code keys, no ISO strings, no escapes, in what a person reads', async () => {
    const { html } = await timeline();
    const text = unescapeHtml(html.replace(/<[^>]+>/g, ' '));

    for (const raw of RAW) expect(text).not.toMatch(raw);
    expect(html).not.toContain('<b>64Mi');
    expect(html).toContain('&lt;b&gt;64Mi&lt;/b&gt;');
  });

  it('names a state once: no "(rolled back)" beside Rolled back, no "(approve)" beside Approved', async () => {
    const { items } = await timeline();
    const rolledBack = items.find((li) => li.includes('data-state="rolled_back"') && li.includes('→'))!;
    const approved = items.find((li) => /→<\/span> <span class="badge[^"]*"[^>]*data-state="approved"/.test(li))!;

    expect(rolledBack).toContain('>Rolled back<');
    expect(rolledBack).not.toMatch(/\(rolled.back\)/);
    expect(approved).not.toContain('(approve)');
    expect(items.find((li) => li.includes('data-state="open"') && !li.includes('→'))).toContain('(detected)');
  });

  it('labels events and shows times as times', async () => {
    const { html } = await timeline();

    expect(html).toContain('<span class="event-name">Auto-approved by policy</span>');
    expect(html).toContain('<span class="event-name">Pods changed</span>');
    expect(html).toMatch(/<time datetime="2026-02-24T01:12:00\.000Z">2026-02-24 01:12:00 UTC<\/time>/);
  });
});
