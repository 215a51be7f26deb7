// The token: refused when wrong, accepted as a bearer header and as the session cookie the login form sets, in a
// real browser; the cookie holds no token, expires, and cannot be forged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SESSION_COOKIE } from '../../src/dashboard/auth/session.js';
import { cleanup } from '../store/fixtures.js';
import { launchChromium, startSeeded, TOKEN, type Seeded } from './harness.js';

let browser: Browser;
let seeded: Seeded;

beforeAll(async () => {
  browser = await launchChromium();
  seeded = await startSeeded({ token: TOKEN });
});

afterAll(async () => {
  await browser?.close();
  await seeded?.dashboard.close();
  cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${seeded.url}${path}`, { headers, redirect: 'manual' });

describe('bearer token', () => {
  it.each(['/', '/incidents', '/incidents/1', '/metrics', '/fragments/overview'])('refuses %s without a token or with a wrong one, and serves it with the right one', async (path) => {
    const none = await get(path);
    const wrong = await get(path, { Authorization: 'Bearer not-the-token-at-all-0000' });
    const right = await get(path, { Authorization: `Bearer ${TOKEN}` });

    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="clopus"');
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(200);
  });

  it('keeps probes, the login page and its assets open', async () => {
    const statuses = await Promise.all(['/healthz', '/readyz', '/login', '/assets/app.css', '/favicon.ico'].map(async (p) => (await get(p)).status));

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('tells htmx to go to the login page when a live region loses its session', async () => {
    const res = await get('/fragments/overview', { 'HX-Request': 'true', 'HX-Current-URL': `${seeded.url}/incidents?state=open` });

    expect(res.status).toBe(401);
    expect(res.headers.get('hx-redirect')).toBe('/login?next=%2Fincidents%3Fstate%3Dopen');
  });

  it('never redirects a sign-in to another site', async () => {
    const res = await get(`/login?token=${TOKEN}&next=${encodeURIComponent('//evil.example/x')}`);

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('signing in with a browser', () => {
  it('refuses a wrong token, then sets an HttpOnly SameSite=Strict session cookie for the right one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`${seeded.url}/incidents/1`);
    await page.waitForURL(/\/login\?next=%2Fincidents%2F1$/);
    await page.fill('input[name=token]', 'wrong-token-wrong-token');
    const refused = await Promise.all([page.waitForResponse((r) => r.url().includes('/login?')), page.click('button[type=submit]')]);
    expect(refused[0].status()).toBe(401);
    await expect(page.locator('[role=alert]').innerText()).resolves.toContain('not right');

    await page.fill('input[name=token]', TOKEN);
    await Promise.all([page.waitForURL(`${seeded.url}/incidents/1`), page.click('button[type=submit]')]);
    await expect(page.locator('.incident-head h1').isVisible()).resolves.toBe(true);

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: SESSION_COOKIE, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie!.value).not.toContain(TOKEN);
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    await context.close();
  });

  it('follows a link from elsewhere straight through when already signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${seeded.url}/login?token=${TOKEN}`);

    // A link on another origin (as in a Slack message): the SameSite=Strict cookie is not sent with that
    // navigation, and the bounce page's same-site refresh is what gets the browser through.
    // localhost and 127.0.0.1 are different sites to the browser: the page below stands in for Slack.
    await page.goto(`${seeded.url.replace('127.0.0.1', 'localhost')}/healthz`);
    await page.setContent(`<a id="go" href="${seeded.url}/incidents?state=open">incident</a>`);
    const responses: number[] = [];
    page.on('response', (r) => responses.push(r.status()));
    await Promise.all([page.waitForURL(`${seeded.url}/incidents?state=open`), page.click('#go')]);
    await page.waitForLoadState();

    await expect(page.locator('h1').innerText()).resolves.toBe('Incidents');
    expect(responses.slice(0, 3)).toEqual([401, 303, 200]);
    await context.close();
  });

  it('refuses a forged, tampered or expired cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${seeded.url}/login?token=${TOKEN}`);
    const [cookie] = await context.cookies();
    const [expires, mac] = cookie!.value.split('.');
    const cookieHeader = (value: string) => ({ Cookie: `${SESSION_COOKIE}=${value}` });

    const valid = await get('/incidents', cookieHeader(cookie!.value));
    const later = await get('/incidents', cookieHeader(`${Number(expires) + 3600}.${mac}`));
    const forged = await get('/incidents', cookieHeader(`${expires}.${'A'.repeat(43)}`));
    const raw = await get('/incidents', cookieHeader(TOKEN));
    seeded.clock.advance(13 * 3600);
    const expired = await get('/incidents', cookieHeader(cookie!.value));

    expect([valid.status, later.status, forged.status, raw.status, expired.status]).toEqual([200, 401, 401, 401, 401]);
    await context.close();
  });

  it('signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${seeded.url}/login?token=${TOKEN}`);

    await Promise.all([page.waitForURL(/\/login$/), page.click('a[href="/logout"]')]);

    await expect(context.cookies()).resolves.toEqual([]);
    await context.close();
  });
});
