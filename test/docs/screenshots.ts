// The README's screenshots (docs/*.png), from a clean seed: a night of incidents in every state over a week of
// history, as the dashboard's browser tests use, but without their hostile-input fixture (the `xss` namespace and
// its `evil` workload), which belongs in a test report, not in a first look at the product.
// Regenerate with: npx tsx test/docs/screenshots.ts   (writes docs/dashboard-overview.png and docs/dashboard-incident.png)
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDashboard } from '../../src/dashboard/index.js';
import { silentLogger } from '../../src/logger.js';
import { launchChromium } from '../dashboard/harness.js';
import { seedNight } from '../dashboard/seed.js';
import { cleanup, manualClock, open, tempDbPath } from '../store/fixtures.js';

export const DOCS = resolve(import.meta.dirname, '..', '..', 'docs');

export interface Shot {
  file: string;
  /** The page's visible text, to check what the picture shows. */
  text: string;
}

/** Serves the clean seed, shoots the overview and an applied incident's page into `outDir`, and returns them. */
export async function shoot(outDir: string = DOCS): Promise<Shot[]> {
  const clock = manualClock('2026-02-24T01:12:00.000Z');
  const store = open(tempDbPath(), clock);
  const ids = seedNight(store, clock);
  clock.advance(6 * 3600);
  const dashboard = await startDashboard({
    store,
    logger: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    cluster: 'prod-eu-west-1',
    now: clock.now,
  });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    const shots: Shot[] = [];
    for (const [name, path] of [
      ['dashboard-overview.png', '/'],
      ['dashboard-incident.png', `/incidents/${ids.get('applied')}`],
    ] as const) {
      const response = await page.goto(`${dashboard.url}${path}`);
      if (response?.status() !== 200) throw new Error(`GET ${path} answered ${response?.status()}`);
      const file = join(outDir, name);
      await page.screenshot({ path: file, fullPage: true });
      shots.push({ file, text: await page.locator('body').innerText() });
    }
    return shots;
  } finally {
    await browser.close();
    await dashboard.close();
    cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const shot of await shoot()) process.stdout.write(`${shot.file}\n`);
}
