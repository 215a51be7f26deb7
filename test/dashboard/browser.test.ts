// The dashboard in a real browser: every state renders, new incidents appear without a reload, cluster text stays
// text, and the page never asks anything of anyone but its own server.

import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATES } from '../../src/core/index.js';
import { waitFor } from '../helpers/wait.js';
import { cleanup, newIncident } from '../store/fixtures.js';
import { ARTIFACTS, launchChromium, type Seeded, startSeeded } from './harness.js';
import { XSS } from './seed.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let seeded: Seeded;
const requests: string[] = [];
const dialogs: string[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  seeded = await startSeeded();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  // Any CSP violation (an inline style htmx might add, a stray inline handler) is recorded, not just logged.
  await context.exposeFunction('__cspViolation', (v: string) => cspViolations.push(v));
  await context.addInitScript(
    'document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation(e.violatedDirective + " " + e.blockedURI + " " + location.pathname));',
  );
  context.on('request', (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await seeded?.dashboard.close();
  cleanup();
});

async function visit(path: string): Promise<void> {
  const response = await page.goto(`${seeded.url}${path}`);
  expect(response?.status(), path).toBe(200);
}

describe('pages', () => {
  it('counts every state on the overview and lists every incident', async () => {
    await visit('/');

    const counts = seeded.store.countByState();
    for (const state of STATES) {
      await expect(page.locator(`.state-count:has([data-state="${state}"]) .n`).innerText()).resolves.toBe(
        String(counts[state]),
      );
    }
    await expect(page.locator('.topbar .cluster').innerText()).resolves.toBe('prod-eu-west-1');

    await visit('/incidents');
    for (const state of STATES)
      await expect(page.locator(`#incidents [data-state="${state}"]`).count()).resolves.toBeGreaterThan(0);
  });

  it.each(STATES)('shows the %s incident with its story', async (state) => {
    const id = seeded.ids.get(state)!;

    await visit(`/incidents/${id}`);

    await expect(page.locator('.incident-head [data-state]').getAttribute('data-state')).resolves.toBe(state);
    await expect(
      page.locator('#timeline li').last().locator('[data-state]').last().getAttribute('data-state'),
    ).resolves.toBe(state);
    await expect(page.locator('#evidence .log').first().isVisible()).resolves.toBe(true);
  });

  it('renders a diff with added lines green and removed lines red, and saves screenshots', async () => {
    await visit(`/incidents/${seeded.ids.get('applied')}`);

    const add = page.locator('#proposal .dl-add').first();
    const del = page.locator('#proposal .dl-del').first();
    await expect(add.innerText()).resolves.toBe('+  port: 5432');
    await expect(del.innerText()).resolves.toBe('-  port: 5433');
    // The callbacks run in the page (tsconfig has no DOM lib, hence the cast).
    type PageWindow = { getComputedStyle(el: unknown): { backgroundColor: string } };
    const background = (el: unknown) => (globalThis as unknown as PageWindow).getComputedStyle(el).backgroundColor;
    const [green, red] = await Promise.all([add.evaluate(background), del.evaluate(background)]);
    const rgb = (c: string) => c.match(/\d+/g)!.map(Number);
    expect(rgb(green)[1]!).toBeGreaterThan(rgb(green)[0]!);
    expect(rgb(red)[0]!).toBeGreaterThan(rgb(red)[1]!);

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-incident.png'), fullPage: true });
    await visit('/');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });
  });
  it('filters by state, namespace and reason and searches text', async () => {
    await visit('/incidents?state=applying');
    await expect(page.locator('#incidents tbody tr').count()).resolves.toBe(1);

    await visit('/incidents?namespace=auth&reason=OOMKilled');
    await expect(page.locator('#incidents .workload a').allInnerTexts()).resolves.toEqual(['session-cache']);

    await page.fill('input[name=q]', 'kafka');
    await page.selectOption('select[name=namespace]', '');
    await page.selectOption('select[name=reason]', '');
    await Promise.all([page.waitForURL(/q=kafka/), page.click('form.filters button[type=submit]')]);
    await expect(page.locator('#incidents .workload a').allInnerTexts()).resolves.toEqual(['kafka-connect']);
  });

  it('pages through many incidents', async () => {
    const { store, clock } = seeded;
    for (let i = 0; i < 60; i++) {
      clock.advance(1);
      store.createIncident(newIncident({ namespace: 'bulk', workloadName: `job-${i}` }), 'detector');
    }

    await visit('/incidents?namespace=bulk');
    await expect(page.locator('.results-head').innerText()).resolves.toContain('60 incidents');
    await Promise.all([page.waitForURL(/page=2/), page.click('a[rel=next]')]);

    await expect(page.locator('#incidents tbody tr').count()).resolves.toBe(10);
    await expect(page.locator('.pager').innerText()).resolves.toContain('Page 2 of 2');
  });
});

describe('live updates', () => {
  it('shows a new incident and a state change without reloading the page', async () => {
    await visit('/');
    await page.evaluate('window.__sameDocument = true');
    const before = await page.locator('.state-count:has([data-state="open"]) .n').innerText();

    const incident = seeded.store.createIncident(
      newIncident({ namespace: 'late', workloadName: 'night-owl', reason: 'OOMKilled' }),
      'detector',
    );

    await page.locator('#overview .workload a', { hasText: 'night-owl' }).waitFor({ timeout: 15_000 });
    await expect(page.locator('.state-count:has([data-state="open"]) .n').innerText()).resolves.toBe(
      String(Number(before) + 1),
    );

    await visit(`/incidents/${incident.id}`);
    await page.evaluate('window.__sameDocument = true');
    seeded.store.transition(incident.id, 'open', 'diagnosing', { actor: 'fixer' });
    await page.locator('.incident-head [data-state="diagnosing"]').waitFor({ timeout: 15_000 });
    await expect(page.evaluate('window.__sameDocument')).resolves.toBe(true);
  });

  it('leaves an unchanged page alone (the server answers 204)', async () => {
    await visit('/incidents?state=verified');
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/fragments/')) statuses.push(r.status());
    });

    await waitFor(() => statuses.length > 1, { timeoutMs: 15_000, what: "two polls of the page's fragments" });

    expect(new Set(statuses)).toEqual(new Set([204]));
  });
});

describe('cluster text is escaped', () => {
  it('shows XSS payloads from logs, events, messages and diffs as text and runs none of them', async () => {
    for (const path of [`/incidents/${seeded.xssId}`, '/incidents?namespace=xss', '/']) {
      await visit(path);
      await page.waitForTimeout(700);
    }
    await visit(`/incidents/${seeded.xssId}`);

    expect(dialogs).toEqual([]);
    await expect(page.evaluate('window.__xss')).resolves.toBeUndefined();
    await expect(page.locator('main script, main img, main svg, main iframe').count()).resolves.toBe(0);
    await expect(page.locator('script').count()).resolves.toBe(1);
    await expect(page.locator('script').getAttribute('src')).resolves.toMatch(/^\/assets\/htmx\.min\.js\?v=/);
    await expect(page.locator('#evidence .log').first().innerText()).resolves.toContain(XSS.script);
    await expect(page.locator('#evidence .log').first().innerText()).resolves.toContain(XSS.img);
    await expect(page.locator('#proposal .dl-add').innerText()).resolves.toBe(XSS.diff);
    await expect(page.locator('.incident-head .message').innerText()).resolves.toBe(`crashed: ${XSS.img}`);
  });
});

describe('requests', () => {
  it('never leaves the server and breaks no CSP rule', async () => {
    await visit('/');

    expect(requests.length).toBeGreaterThan(20);
    expect(requests.filter((url) => !url.startsWith(`${seeded.url}/`))).toEqual([]);
    expect(requests.some((url) => url.includes('/assets/htmx.min.js'))).toBe(true);
    expect(cspViolations).toEqual([]);
  });
});
