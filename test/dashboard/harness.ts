// A dashboard over a seeded temp store, and the one Chromium each browser test file launches.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import type { IncidentState } from '../../src/core/index.js';
import { type DashboardOptions, type RunningDashboard, startDashboard } from '../../src/dashboard/index.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/index.js';
import { type ManualClock, manualClock, open, tempDbPath } from '../store/fixtures.js';
import { seedNight, seedRevising, seedXss } from './seed.js';

export const CHROMIUM = process.env.CLOPUS_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
export const TOKEN = 'test-token-0123456789abcdef';

export interface Seeded {
  dashboard: RunningDashboard;
  url: string;
  store: Store;
  path: string;
  clock: ManualClock;
  ids: Map<IncidentState, number>;
  xssId: number;
}

/** A store with a night of incidents in every state (and one full of XSS), served on a free loopback port. */
export async function startSeeded(options: Partial<DashboardOptions> = {}): Promise<Seeded> {
  const path = tempDbPath();
  const clock = manualClock('2026-02-24T01:12:00.000Z');
  const store = open(path, clock);
  const ids = seedNight(store, clock);
  ids.set('revising', seedRevising(store, clock));
  const xssId = seedXss(store, clock);
  clock.advance(6 * 3600);
  const dashboard = await startDashboard({
    store,
    logger: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    cluster: 'prod-eu-west-1',
    now: clock.now,
    pollSeconds: 0.5,
    ...options,
  });
  return { dashboard, url: dashboard.url, store, path, clock, ids, xssId };
}

/** Launches Debian's Chromium; fails (never skips) when it is missing, saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The dashboard's browser tests need it: apt-get install -y chromium (.ci/run does this), or set CLOPUS_CHROMIUM to its path.`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
