// The token: refused when wrong, accepted as a bearer header and as the session cookie that POST /login sets (never
// from a URL), in a real browser too; the cookie holds no token, expires, cannot be forged, is Secure beyond plain
// loopback, and stops working for everyone after a logout; sign-in forms from other sites are refused.

import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/dashboard/auth/session.js';
import { cleanup } from '../store/fixtures.js';
import { ARTIFACTS, launchChromium, type Seeded, startSeeded, TOKEN } from './harness.js';

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

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${seeded.url}${path}`, { headers, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${seeded.url}${path}`, { method: 'POST', body: new URLSearchParams(fields), headers, redirect: 'manual' });
const signIn = (next?: string, headers: Record<string, string> = {}) =>
  post('/login', { token: TOKEN, ...(next === undefined ? {} : { next }) }, headers);
const withCookie = (value: string) => ({ Cookie: `${SESSION_COOKIE}=${value}` });

/** The session cookie's value from a Set-Cookie header. */
function sessionOf(res: Response): string {
  const value = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (value === undefined) throw new Error(`no session cookie in ${res.status} ${res.headers.get('set-cookie')}`);
  return value;
}

/** node:http, because fetch() will not send a Host of our choosing (as a browser reaching a real name would). */
function raw(
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; setCookie: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${seeded.url}${path}`,
      { method, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (chunk: string) => (text += chunk))
          .on('end', () =>
            resolve({ status: res.statusCode ?? 0, setCookie: String(res.headers['set-cookie'] ?? ''), text }),
          );
      },
    );
    req.on('error', reject).end(body);
  });
}

async function signInWithBrowser(page: Page, next = '/'): Promise<void> {
  await page.goto(`${seeded.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=token]', TOKEN);
  await Promise.all([page.waitForURL(`${seeded.url}${next}`), page.click('button[type=submit]')]);
}

describe('bearer token', () => {
  it.each(['/', '/incidents', '/incidents/1', '/metrics', '/fragments/overview'])(
    'refuses %s without a token or with a wrong one, and serves it with the right one',
    async (path) => {
      const none = await get(path);
      const wrong = await get(path, { Authorization: 'Bearer not-the-token-at-all-0000' });
      const right = await get(path, { Authorization: `Bearer ${TOKEN}` });

      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="clopus"');
      expect(wrong.status).toBe(401);
      expect(right.status).toBe(200);
    },
  );

  it('keeps probes, the login page and its assets open', async () => {
    const statuses = await Promise.all(
      ['/healthz', '/readyz', '/login', '/assets/app.css', '/favicon.ico'].map(async (p) => (await get(p)).status),
    );

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('tells htmx to go to the login page when a live region loses its session', async () => {
    const res = await get('/fragments/overview', {
      'HX-Request': 'true',
      'HX-Current-URL': `${seeded.url}/incidents?state=open`,
    });

    expect(res.status).toBe(401);
    expect(res.headers.get('hx-redirect')).toBe('/login?next=%2Fincidents%3Fstate%3Dopen');
  });
});

describe('signing in', () => {
  it('signs in with a POST of the form: a session cookie, then a 303 to next', async () => {
    const res = await signIn('/incidents?state=open');
    const page = await get('/incidents', withCookie(sessionOf(res)));

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/incidents?state=open');
    expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict$/);
    expect(sessionOf(res)).not.toContain(TOKEN);
    expect(page.status).toBe(200);
  });

  it('signs nobody in with GET ?token= and says why', async () => {
    const res = await get(`/login?token=${TOKEN}&next=%2Fincidents`);
    const body = await res.text();

    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(body).toContain('no longer accepted');
    expect(body).toContain('<form method="post" action="/login"');
    expect(body).toContain('name="next" value="/incidents"');
  });

  it.each(['', 'wrong-token-wrong-token', `${TOKEN}x`, TOKEN.slice(0, -1)])('refuses the token %j', async (token) => {
    const res = await post('/login', { token, next: '/incidents' });

    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    await expect(res.text()).resolves.toContain('not right');
  });

  it.each([
    ['Sec-Fetch-Site cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['an Origin elsewhere', { Origin: 'https://evil.example' }],
    ['Origin null with no Sec-Fetch-Site', { Origin: 'null' }],
  ])('refuses a sign-in posted from another site (%s)', async (_, headers) => {
    const res = await signIn('/', headers);

    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it.each([
    [
      'Sec-Fetch-Site same-origin (even with the Origin null that no-referrer pages send)',
      () => ({ 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }),
    ],
    ['its own Origin', () => ({ Origin: seeded.url })],
  ])('accepts a sign-in from its own pages: %s', async (_, headers) => {
    const res = await signIn('/', headers());

    expect(res.status).toBe(303);
  });

  it.each([
    '\r\nSet-Cookie: x=1',
    '/\r\nSet-Cookie: x=1',
    '/\x00',
    '\x00',
    '/\t/evil.example',
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    '/€',
  ])('sends an unsafe or off-site next %j to / (not a 500)', async (next) => {
    const posted = await signIn(next);
    const signedInGet = await get(`/login?next=${encodeURIComponent(next)}`, withCookie(sessionOf(posted)));
    const form = await (await get(`/login?next=${encodeURIComponent(next)}`)).text();

    expect([posted.status, posted.headers.get('location')]).toEqual([303, '/']);
    expect([signedInGet.status, signedInGet.headers.get('location')]).toEqual([303, '/']);
    expect(form).toContain('name="next" value="/"');
    expect(posted.headers.get('set-cookie')).not.toContain('x=1');
  });

  it.each([
    ['plain HTTP to 127.0.0.1', {}, false],
    ['plain HTTP to localhost', { Host: 'localhost' }, false],
    ['a name other than loopback', { Host: 'clopus.example' }, true],
    ['HTTPS at a proxy in front (X-Forwarded-Proto)', { 'X-Forwarded-Proto': 'https' }, true],
  ])('makes the cookie Secure unless plain loopback: %s', async (_, headers, secure) => {
    const res = await raw('POST', '/login', headers, new URLSearchParams({ token: TOKEN }).toString());

    expect(res.status).toBe(303);
    expect(res.setCookie).toContain('HttpOnly; ');
    expect(res.setCookie).toContain('SameSite=Strict');
    expect(res.setCookie.includes('; Secure')).toBe(secure);
  });

  it('warns on the login page when plain HTTP to a real name means the browser will drop the cookie', async () => {
    const plain = await raw('GET', '/login', { Host: 'clopus.example' });
    const proxied = await raw('GET', '/login', { Host: 'clopus.example', 'X-Forwarded-Proto': 'https' });
    const local = await raw('GET', '/login', {});

    expect([plain.status, proxied.status, local.status]).toEqual([200, 200, 200]);
    expect(plain.text).toContain('came over plain HTTP');
    expect(proxied.text).not.toContain('came over plain HTTP');
    expect(local.text).not.toContain('came over plain HTTP');
  });

  it('refuses a form too large to be a sign-in', async () => {
    const res = await post('/login', { token: 'x'.repeat(20_000) });

    expect(res.status).toBe(413);
  });
});

describe('signing out', () => {
  it('ends every session issued before it, including a copy of the cookie kept elsewhere', async () => {
    const mine = sessionOf(await signIn());
    const copy = mine;
    const otherBrowser = sessionOf(await signIn());

    const out = await post('/logout', {}, withCookie(mine));
    const statuses = await Promise.all(
      [copy, otherBrowser].map(async (v) => (await get('/incidents', withCookie(v))).status),
    );
    const fresh = sessionOf(await signIn());

    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0;`));
    expect(statuses).toEqual([401, 401]);
    expect((await get('/incidents', withCookie(fresh))).status).toBe(200);
  });

  it('also with the bearer token, for a script that signs everyone out', async () => {
    const cookie = sessionOf(await signIn());

    await post('/logout', {}, { Authorization: `Bearer ${TOKEN}` });

    expect((await get('/incidents', withCookie(cookie))).status).toBe(401);
  });

  it.each([
    ['from someone not signed in', () => ({})],
    ['with a wrong bearer token', () => ({ Authorization: 'Bearer not-the-token-at-all-0000' })],
    ['posted from another site', (cookie: string) => ({ 'Sec-Fetch-Site': 'cross-site', ...withCookie(cookie) })],
  ])('ends nothing %s', async (_, headers) => {
    const cookie = sessionOf(await signIn());

    const res = await post('/logout', {}, headers(cookie));

    expect([303, 403]).toContain(res.status);
    expect((await get('/incidents', withCookie(cookie))).status).toBe(200);
  });

  it('asks for the POST on GET /logout and ends nothing', async () => {
    const cookie = sessionOf(await signIn());

    const res = await get('/logout', withCookie(cookie));

    expect(res.status).toBe(200);
    await expect(res.text()).resolves.toContain('<form method="post" action="/logout"');
    expect((await get('/incidents', withCookie(cookie))).status).toBe(200);
  });
});

describe('in a browser', () => {
  it('refuses a wrong token, then sets an HttpOnly SameSite=Strict session cookie for the right one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));

    await page.goto(`${seeded.url}/incidents/1`);
    await page.waitForURL(/\/login\?next=%2Fincidents%2F1$/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-login.png') });
    await page.fill('input[name=token]', 'wrong-token-wrong-token');
    const refused = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    expect(refused[0].status()).toBe(401);
    await expect(page.locator('[role=alert]').innerText()).resolves.toContain('not right');

    await page.fill('input[name=token]', TOKEN);
    await Promise.all([page.waitForURL(`${seeded.url}/incidents/1`), page.click('button[type=submit]')]);
    await expect(page.locator('.incident-head h1').isVisible()).resolves.toBe(true);

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({
      name: SESSION_COOKIE,
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: false,
    });
    expect(cookie!.value).not.toContain(TOKEN);
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    expect(urls.filter((u) => u.includes(TOKEN))).toEqual([]);
    await context.close();
  });

  it('follows a link from elsewhere straight through when already signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithBrowser(page);

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

  it('refuses a sign-in form on another site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A page of another site, served by Playwright itself (a page of the dashboard's would bring its CSP along).
    const attack = `<form method="post" action="${seeded.url}/login"><input name="token" value="${TOKEN}"><input name="next" value="/incidents"><button id="go">go</button></form>`;
    await context.route('http://evil.example/**', (route) => route.fulfill({ contentType: 'text/html', body: attack }));
    await page.goto('http://evil.example/');

    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${seeded.url}/login`, { timeout: 15_000 }),
      page.click('#go'),
    ]);

    expect(res.status()).toBe(403);
    await expect(context.cookies(seeded.url)).resolves.toEqual([]);
    await context.close();
  });

  it('refuses a forged, tampered or expired cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithBrowser(page);
    const [cookie] = await context.cookies();
    const [expires, mac] = cookie!.value.split('.');

    const valid = await get('/incidents', withCookie(cookie!.value));
    const later = await get('/incidents', withCookie(`${Number(expires) + 3600}.${mac}`));
    const forged = await get('/incidents', withCookie(`${expires}.${'A'.repeat(43)}`));
    const raw = await get('/incidents', withCookie(TOKEN));
    seeded.clock.advance(13 * 3600);
    const expired = await get('/incidents', withCookie(cookie!.value));

    expect([valid.status, later.status, forged.status, raw.status, expired.status]).toEqual([200, 401, 401, 401, 401]);
    await context.close();
  });

  it('signs out with the button in the header, and the old cookie stops working', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithBrowser(page, '/incidents');
    const [before] = await context.cookies();

    await Promise.all([page.waitForURL(`${seeded.url}/login`), page.click('form.signout button')]);

    await expect(context.cookies()).resolves.toEqual([]);
    expect((await get('/incidents', withCookie(before!.value))).status).toBe(401);
    await context.close();
  });
});
