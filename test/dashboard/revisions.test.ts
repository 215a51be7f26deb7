// Issue 15 on the dashboard: an incident's page tells its proposals' story (superseded, revised, approved and
// applied), with each revision's request and what it changed, a rejection's reason, the questions asked in the
// thread and what the model cost in all; everything a reviewer typed stays text, in the HTML and in a browser.

import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../store/fixtures.js';
import { ARTIFACTS, launchChromium, type Seeded, startSeeded } from './harness.js';
import { type RevisionSeed, seedRevisions, XSS } from './seed.js';

let seeded: Seeded;
let story: RevisionSeed;

beforeAll(async () => {
  seeded = await startSeeded();
  story = seedRevisions(seeded.store, seeded.clock, XSS.script);
});

afterAll(async () => {
  await seeded?.dashboard.close();
  cleanup();
});

async function page(id: number): Promise<string> {
  const response = await fetch(`${seeded.url}/incidents/${id}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** A part of the page as a person reads it: tags gone, entities decoded, whitespace collapsed. */
function read(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([:,.])/g, '$1')
    .trim();
}

/** The inner markup of the section with this id. */
function section(markup: string, id: string): string {
  const found = new RegExp(`<section class="panel" id="${id}">([\\s\\S]*?)</section>`).exec(markup);
  if (!found) throw new Error(`no section #${id} on the page`);
  return found[1]!;
}

describe('a revised proposal', () => {
  it('shows the superseded proposal, the revision with its request and what changed, then the applied one', async () => {
    const revision = seeded.store.revisionsOf(story.revised)[0]!;

    const proposals = section(await page(story.revised), 'proposal');

    const statuses = [
      ...proposals.matchAll(
        /<div class="proposal" id="proposal-(\d+)">\s*<div class="proposal-head"><span class="chip [^"]*">([^<]*)</g,
      ),
    ];
    expect(statuses.map((m) => [Number(m[1]), m[2]])).toEqual([
      [story.proposals.first, 'superseded'],
      [story.proposals.second, 'applied'],
    ]);
    expect(read(proposals)).toContain(
      `Revision 1 — changes requested by slack:U0ALICE at ${revision.createdAt.slice(11, 16)} UTC: “use 256Mi”`,
    );
    // "- memory: 128Mi" is a change the revision dropped, "+ memory: 256Mi" one it brought.
    const changed = [...proposals.matchAll(/<span class="cl cl-(add|del)">([^<]*)<\/span>/g)].map((m) => [
      m[1],
      m[2]!.replace(/\s+/g, ' '),
    ]);
    expect(changed).toEqual([
      ['del', '- memory: 128Mi'],
      ['add', '+ memory: 256Mi'],
      ['del', '- memory: 128Mi'],
      ['add', '+ memory: 256Mi'],
    ]);
    // The revision sits between the two proposals, and the approved one reads as such.
    expect(proposals.indexOf('Revision 1')).toBeGreaterThan(proposals.indexOf(`proposal-${story.proposals.first}`));
    expect(proposals.indexOf('Revision 1')).toBeLessThan(proposals.indexOf(`proposal-${story.proposals.second}`));
    expect(read(proposals)).toContain('Approved by slack:U0ALICE via slack');
  });

  it('names the request and the answer in the timeline in words', async () => {
    const timeline = read(section(await page(story.revised), 'timeline'));

    expect(timeline).toMatch(
      /Proposed → Revising \(changes requested\) by slack:U0ALICE proposal \d+ · revision: 1 · request: use 256Mi/,
    );
    expect(timeline).toContain('Question answered by slack:U0BOB');
    expect(timeline).toContain('Question refused by slack:U0CAROL');
  });

  it('lists the questions asked in the thread with their answers, and sums the model use', async () => {
    const markup = await page(story.revised);

    const conversation = read(section(markup, 'conversation'));
    expect(conversation).toMatch(
      /slack:U0BOB asked at 2026-\d\d-\d\d \d\d:\d\d:\d\d UTC answered · \$0\.0100 Why 256Mi and not 512Mi\?/,
    );
    expect(conversation).toContain('The working set peaked at 201Mi during the last three restarts');
    expect(conversation).toContain('slack:U0CAROL asked at');
    expect(conversation).toContain('refused Can you also restart the <b>other</b> pods?');
    expect(section(markup, 'conversation')).toContain('&lt;b&gt;other&lt;/b&gt;');
    expect(conversation).toContain('Questions can only be answered, not acted on');
    expect(read(section(markup, 'usage'))).toContain('Model use: 3 runs, $0.0421');
  });
});

describe('a rejected proposal', () => {
  it('says who rejected it and why', async () => {
    const proposal = read(section(await page(story.rejected), 'proposal'));

    expect(proposal).toContain(
      'Rejected by slack:U0DAVE: The leak is in the new release; rolling back the image is the fix, not more memory.',
    );
  });
});

describe('a revision still being prepared', () => {
  it('shows the hostile request as text and says a revised proposal is coming', async () => {
    const markup = await page(story.revising);

    expect(markup).not.toContain(XSS.script);
    expect(section(markup, 'proposal')).toContain('“&lt;script&gt;alert(1)&lt;/script&gt;”');
    expect(read(section(markup, 'proposal'))).toContain('(from the CLI)');
    expect(read(section(markup, 'proposal'))).toContain('A revised proposal is being prepared.');
    expect(markup).toMatch(/<span class="badge tone-violet" title="[^"]*" data-state="revising">Revising<\/span>/);
  });
});

describe('in a browser', () => {
  let browser: Browser;
  let tab: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    tab = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })).newPage();
    tab.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reads the story top to bottom and runs nothing a reviewer typed', async () => {
    await tab.goto(`${seeded.url}/incidents/${story.revising}`);
    const hostile = await tab.locator('#proposal .revision .request').innerText();
    await tab.goto(`${seeded.url}/incidents/${story.revised}`);

    expect(hostile).toBe(`“${XSS.script}”`);
    await expect(tab.locator('#proposal .revision-line').innerText()).resolves.toMatch(
      /^Revision 1 — changes requested by slack:U0ALICE at \d\d:\d\d UTC: “use 256Mi”$/,
    );
    await expect(tab.locator('#proposal .what-changed .cl-add').first().isVisible()).resolves.toBe(true);
    // The superseded diff folds away; the applied one is open.
    await expect(tab.locator(`#proposal-${story.proposals.first} .diff`).isVisible()).resolves.toBe(false);
    await expect(tab.locator(`#proposal-${story.proposals.second} .diff`).isVisible()).resolves.toBe(true);
    await expect(tab.locator('#conversation .answer').count()).resolves.toBe(2);
    await expect(tab.locator('#usage .model-use strong').innerText()).resolves.toBe('Model use: 3 runs, $0.0421');
    expect(dialogs).toEqual([]);
    await tab.screenshot({ path: join(ARTIFACTS, 'dashboard-revisions.png'), fullPage: true });
  });
});
