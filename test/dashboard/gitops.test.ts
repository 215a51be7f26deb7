// A fix delivered as a pull request, on the dashboard in a real browser: who manages the workload, the PR as a link,
// and how far it got (open, merged and waiting for the sync).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../store/fixtures.js';
import { ARTIFACTS, launchChromium, type Seeded, startSeeded } from './harness.js';

let browser: Browser;
let page: Page;
let seeded: Seeded;

beforeAll(async () => {
  browser = await launchChromium();
  seeded = await startSeeded();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await seeded?.dashboard.close();
  cleanup();
});

describe('a GitOps-managed incident', () => {
  it('shows its manager and its open pull request as a link, and the repository and rendered diffs', async () => {
    const id = seeded.ids.get('pr_open')!;
    await page.goto(`${seeded.url}/incidents/${id}`);
    const facts = page.locator('#facts');
    await expect(facts.locator('.fact:has(dt:text-is("Managed by")) dd').innerText()).resolves.toBe(
      'managed by Argo CD app argocd/shop-checkout, self-heal on: a live patch would be reverted at the next sync',
    );
    const link = facts.locator('.fact:has(dt:text-is("Fix PR")) a');
    await expect(link.getAttribute('href')).resolves.toBe('https://github.com/example/manifests/pull/48');
    await expect(facts.locator('.fact:has(dt:text-is("Fix PR")) dd').innerText()).resolves.toBe('#48 (open)');
    const proposal = await page.locator('#proposal').innerText();
    expect(proposal).toContain('apps/checkout/deployment.yaml');
    expect(proposal).toContain('rendered Deployment shop/checkout');
    // Both diffs' ---/+++ lines read as headers, not as a removed and an added line.
    await expect(page.locator('#proposal .dl-file').allInnerTexts()).resolves.toEqual([
      '--- a/apps/checkout/deployment.yaml\t710cc2b4053b',
      '+++ b/apps/checkout/deployment.yaml\tproposed',
      '--- deployment/checkout\trendered now',
      '+++ deployment/checkout\trendered after the edit',
    ]);
    await expect(page.locator('#proposal .dl-del').count()).resolves.toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-pr-open.png'), fullPage: true });
  });

  it('says who merged it while it waits for the sync', async () => {
    await page.goto(`${seeded.url}/incidents/${seeded.ids.get('syncing')}`);
    await expect(page.locator('#facts .fact:has(dt:text-is("Fix PR")) dd').innerText()).resolves.toBe(
      '#46 (merged by bob, waiting for the sync)',
    );
  });
});
