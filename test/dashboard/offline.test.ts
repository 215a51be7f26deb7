// The live indicator in a real browser tells the truth (issue 17): "Live" while polls are answered, "Offline" with
// the time of the last update within one poll interval of the server going away or answering an error, and Live
// again once polls are answered.

import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardStore, type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import { silentLogger } from '../../src/logger.js';
import { waitFor } from '../helpers/wait.js';
import { cleanup } from '../store/fixtures.js';
import { ARTIFACTS, launchChromium, type Seeded, startSeeded } from './harness.js';

const POLL_SECONDS = 1;
/** One poll interval, and room for a loaded machine to notice the failed request and repaint. */
const WITHIN_ONE_POLL_MS = POLL_SECONDS * 1000 + 2000;
const OFFLINE = /^Offline · last update \d\d:\d\d:\d\d UTC$/;

let browser: Browser;
let page: Page;
let seeded: Seeded;
let dashboard: RunningDashboard;
/** While set, every read of the store throws, so the server answers 500. */
let broken = false;

/** The seeded store, with a switch that makes it fail. */
function breakable(store: DashboardStore): DashboardStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (broken) throw new Error('the disk is gone');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const serve = (port: number) =>
  startDashboard({
    store: breakable(seeded.store),
    logger: silentLogger(),
    port,
    host: '127.0.0.1',
    now: seeded.clock.now,
    pollSeconds: POLL_SECONDS,
  });

/** The header's indicator as a person reads it (the dot is drawn, not text). */
const indicator = async () => (await page.locator('.topbar .live').innerText({ timeout: 1000 })).trim();

beforeAll(async () => {
  browser = await launchChromium();
  seeded = await startSeeded();
  // The seeded dashboard stays up for nothing here; this test serves the same store on a port it can stop and reuse.
  dashboard = await serve(0);
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await seeded?.dashboard.close();
  cleanup();
});

describe('the live indicator', () => {
  it('says Offline with the last update within one poll interval of the server stopping, and Live once it is back', async () => {
    await page.goto(`${dashboard.url}/`);
    await waitFor(() => page.evaluate('typeof htmx === "object"'), { what: 'htmx to load' });
    await expect(indicator()).resolves.toBe('Live');
    const port = Number(new URL(dashboard.url).port);

    await dashboard.close();
    await waitFor(async () => OFFLINE.test(await indicator()), {
      timeoutMs: WITHIN_ONE_POLL_MS,
      what: 'the indicator to say Offline',
    });
    const said = await indicator();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-offline.png') });
    dashboard = await serve(port);

    await waitFor(async () => (await indicator()) === 'Live', {
      timeoutMs: WITHIN_ONE_POLL_MS,
      what: 'the indicator to say Live again',
    });
    expect(said).toMatch(OFFLINE);
    await expect(page.locator('.topbar .live').getAttribute('title')).resolves.toMatch(/every 1 s/);
    await expect(page.locator('body.not-live').count()).resolves.toBe(0);
  });

  it('says Offline when a poll is answered with an error, and shows the page as not current', async () => {
    await page.goto(`${dashboard.url}/incidents/${seeded.ids.get('proposed')}`);
    await waitFor(() => page.evaluate('typeof htmx === "object"'), { what: 'htmx to load' });

    broken = true;
    await waitFor(async () => OFFLINE.test(await indicator()), {
      timeoutMs: WITHIN_ONE_POLL_MS,
      what: 'the indicator to say Offline after a 500',
    });
    const title = await page.locator('.topbar .live').getAttribute('title');
    const dimmed = await page.locator('body.not-live').count();
    broken = false;

    expect(title).toMatch(
      /^The server answered 500 at \d\d:\d\d:\d\d UTC\. The page shows what the server said at \d\d:\d\d:\d\d UTC/,
    );
    expect(dimmed).toBe(1);
    await waitFor(async () => (await indicator()) === 'Live', {
      timeoutMs: WITHIN_ONE_POLL_MS,
      what: 'the indicator to say Live again',
    });
  });

  it('says Stale when polls go unanswered for two intervals (a hung server), and Live once they are answered', async () => {
    await page.goto(`${dashboard.url}/incidents`);
    await waitFor(() => page.evaluate('typeof htmx === "object"'), { what: 'htmx to load' });

    // Requests that never get an answer, as from a server that accepts connections and then hangs.
    await page.route('**/fragments/**', () => undefined);
    await waitFor(async () => /^Stale · last update \d\d:\d\d:\d\d UTC$/.test(await indicator()), {
      timeoutMs: 3 * POLL_SECONDS * 1000 + 2000,
      what: 'the indicator to say Stale',
    });
    await page.unroute('**/fragments/**');

    await waitFor(async () => (await indicator()) === 'Live', {
      timeoutMs: 15_000,
      what: 'the indicator to say Live again',
    });
  });
});
