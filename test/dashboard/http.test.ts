// The dashboard over plain HTTP: read-only methods (but the two sign-in forms), security headers, probes that name
// nothing, Prometheus metrics, and the rules for where it may listen without a token.

import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, watchProbes } from '../../src/dashboard/index.js';
import { silentLogger } from '../../src/logger.js';
import { cleanup, newIncident, open, raw, tempDbPath } from '../store/fixtures.js';
import { type Seeded, startSeeded, TOKEN } from './harness.js';

let seeded: Seeded;
let watchOk = true;

beforeAll(async () => {
  seeded = await startSeeded({
    health: () => ({ watch: { ok: watchOk, detail: watchOk ? '1,204 pods' : 'not synced' } }),
    metrics: () => [
      { name: 'clopus_watched_pods', help: 'Pods in the watch cache.', type: 'gauge', samples: [{ value: 1204 }] },
    ],
  });
});

afterAll(async () => {
  await seeded?.dashboard.close();
  cleanup();
});

const get = (path: string, init: RequestInit = {}) => fetch(`${seeded.url}${path}`, { redirect: 'manual', ...init });

describe('read-only', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'])(
    'answers %s with 405 on every route but the sign-in forms',
    async (method) => {
      const paths = [
        '/',
        '/incidents',
        '/incidents/1',
        '/login/',
        '/logout/x',
        '/healthz',
        '/readyz',
        '/metrics',
        '/assets/app.css',
        '/fragments/overview',
        '/nope',
      ];

      const responses = await Promise.all(paths.map((p) => get(p, { method })));

      expect(responses.map((r) => r.status)).toEqual(paths.map(() => 405));
      expect(responses.every((r) => r.headers.get('allow') === 'GET, HEAD')).toBe(true);
    },
  );

  it.each(['PUT', 'PATCH', 'DELETE', 'OPTIONS'])('answers %s on /login and /logout with 405 too', async (method) => {
    const responses = await Promise.all(['/login', '/logout'].map((p) => get(p, { method })));

    expect(responses.map((r) => r.status)).toEqual([405, 405]);
    expect(responses.every((r) => r.headers.get('allow') === 'GET, HEAD, POST')).toBe(true);
  });

  it('takes POST on /login and /logout only (open and tokenless here, so both just move on)', async () => {
    const login = await get('/login', { method: 'POST', body: new URLSearchParams({ next: '/incidents' }) });
    const logout = await get('/logout', { method: 'POST' });

    expect([login.status, login.headers.get('location')]).toEqual([303, '/incidents']);
    expect([logout.status, logout.headers.get('location')]).toEqual([303, '/']);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await get('/incidents', { method: 'HEAD' });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    await expect(res.text()).resolves.toBe('');
  });
});

describe('security headers', () => {
  it.each(['/', '/incidents/1', '/nope', '/assets/app.css', '/healthz'])('are on %s', async (path) => {
    const res = await get(path);

    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('also on a 405', async () => {
    const res = await get('/', { method: 'POST' });

    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('keeps pages out of caches and lets versioned assets be cached for good', async () => {
    const page = await get('/');
    const css = (await page.text()).match(/href="(\/assets\/app\.css\?v=[\w-]+)"/)?.[1];
    const asset = await get(css!);

    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves only its own assets', async () => {
    const statuses = await Promise.all(
      ['/assets/constructor', '/assets/__proto__', '/assets/..%2Fpackage.json', '/assets/app.js'].map(
        async (p) => (await get(p)).status,
      ),
    );

    expect(statuses).toEqual([404, 404, 404, 404]);
  });

  it('serves htmx from its npm package', async () => {
    const res = await get('/assets/htmx.min.js');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    await expect(res.text()).resolves.toContain('htmx');
  });
});

describe('probes', () => {
  it('reports liveness, and readiness from the database and the watch', async () => {
    const live = await get('/healthz');
    const ready = await get('/healthz?ready=1');
    watchOk = false;
    const notReady = await get('/readyz');
    watchOk = true;

    expect([live.status, ready.status, notReady.status]).toEqual([200, 200, 503]);
    await expect(live.json()).resolves.toEqual({ status: 'ok' });
    await expect(notReady.json()).resolves.toEqual({
      status: 'not ready',
      checks: { database: { ok: true }, watch: { ok: false, detail: 'not synced' } },
    });
  });

  it('is not ready when the database cannot be read, and says so without the error text or the path', async () => {
    const path = tempDbPath();
    const store = open(path);
    const dashboard = await startDashboard({ store, logger: silentLogger(), port: 0 });
    store.close();

    const res = await fetch(`${dashboard.url}/readyz`);
    await dashboard.close();

    expect(res.status).toBe(503);
    await expect(res.json()).resolves.toEqual({
      status: 'not ready',
      checks: { database: { ok: false, detail: 'the database cannot be read' } },
    });
  });

  it('names no namespace in /readyz', async () => {
    const namespaces = seeded.store.listNamespaces(500);

    const body = await (await get('/readyz')).text();

    expect(namespaces.length).toBeGreaterThan(3);
    // Whole words: the namespace "data" is no leak in "database".
    expect(namespaces.filter((ns) => new RegExp(`\\b${ns}\\b`).test(body))).toEqual([]);
  });
});

describe('/metrics', () => {
  function sample(text: string, line: string): number {
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    if (found === undefined) throw new Error(`no sample ${line} in:\n${text}`);
    return Number(found.slice(line.length + 1));
  }

  it('exports incidents, detection latency, model usage and Slack failures in Prometheus text', async () => {
    const res = await get('/metrics');
    const text = await res.text();
    const counts = seeded.store.countByState();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);

    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE clopus_incidents gauge');
    expect(sample(text, 'clopus_incidents{state="applied",reason="CrashLoopBackOff"}')).toBe(1);
    expect(sample(text, 'clopus_incidents_by_state{state="verified"}')).toBe(counts.verified);
    expect(text).toContain('# TYPE clopus_detection_latency_seconds histogram');
    const buckets = [...text.matchAll(/^clopus_detection_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) =>
      Number(m[2]),
    );
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(sample(text, 'clopus_detection_latency_seconds_bucket{le="+Inf"}')).toBe(total);
    expect(sample(text, 'clopus_detection_latency_seconds_count')).toBe(total);
    expect(sample(text, 'clopus_model_runs_total{planner="claude",status="proposed"}')).toBeGreaterThan(0);
    expect(sample(text, 'clopus_model_tokens_total{planner="claude",direction="input"}')).toBeGreaterThan(0);
    expect(sample(text, 'clopus_model_cost_usd_total{planner="claude"}')).toBeGreaterThan(0);
    expect(sample(text, 'clopus_slack_delivery_failures_total')).toBe(0);
    expect(sample(text, 'clopus_watched_pods')).toBe(1204);
  });

  it('counts new incidents and failed Slack deliveries on the next scrape', async () => {
    const before = sample(await (await get('/metrics')).text(), 'clopus_detection_latency_seconds_count');
    seeded.store.createIncident(newIncident({ namespace: 'metrics', workloadName: 'late' }), 'detector');
    raw(seeded.path)
      .prepare(
        `INSERT INTO outbox (channel, kind, payload, status, next_attempt_at, created_at) VALUES ('C1', 'post', '{}', 'failed', '2026-03-02', '2026-03-02')`,
      )
      .run();

    const text = await (await get('/metrics')).text();

    expect(sample(text, 'clopus_detection_latency_seconds_count')).toBe(before + 1);
    expect(sample(text, 'clopus_slack_delivery_failures_total')).toBe(1);
  });
});

describe('the watch', () => {
  it('makes readiness and metrics from the detector health', async () => {
    let synced = false;
    const store = open(tempDbPath());
    const dashboard = await startDashboard({
      store,
      logger: silentLogger(),
      port: 0,
      ...watchProbes(() => ({ synced, scopes: ['*'], pods: 42, relists: 1, watchErrors: 0 })),
    });

    const before = await fetch(`${dashboard.url}/readyz`);
    synced = true;
    const after = await fetch(`${dashboard.url}/readyz`);
    const metrics = await (await fetch(`${dashboard.url}/metrics`)).text();
    await dashboard.close();

    expect([before.status, after.status]).toEqual([503, 200]);
    await expect(after.json()).resolves.toMatchObject({
      checks: { watch: { ok: true, detail: 'watching 42 pods in all namespaces' } },
    });
    expect(metrics).toContain('\nclopus_watched_pods 42\n');
    expect(metrics).toContain('\nclopus_watch_synced 1\n');
  });

  it('counts the namespaces it watches in /readyz rather than naming them', async () => {
    const store = open(tempDbPath());
    const dashboard = await startDashboard({
      store,
      logger: silentLogger(),
      port: 0,
      ...watchProbes(() => ({ synced: true, scopes: ['payments', 'team-auth'], pods: 7, relists: 1, watchErrors: 0 })),
    });

    const body = await (await fetch(`${dashboard.url}/readyz`)).text();
    await dashboard.close();

    expect(JSON.parse(body)).toEqual({
      status: 'ready',
      checks: { database: { ok: true }, watch: { ok: true, detail: 'watching 7 pods in 2 namespaces' } },
    });
    expect(body).not.toMatch(/payments|team-auth/);
  });
});

describe('where it may listen', () => {
  it('refuses to listen beyond loopback without a token', async () => {
    const store = open(tempDbPath());

    await expect(startDashboard({ store, logger: silentLogger(), port: 0, host: '0.0.0.0' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('CLOPUS_DASHBOARD_TOKEN'),
    });
    await expect(
      startDashboard({ store, logger: silentLogger(), port: 0, host: '0.0.0.0', token: 'short' }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('listens on every interface with a token', async () => {
    const store = open(tempDbPath());
    const dashboard = await startDashboard({ store, logger: silentLogger(), port: 0, host: '0.0.0.0', token: TOKEN });

    const res = await fetch(`${dashboard.url}/incidents`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await dashboard.close();

    expect(res.status).toBe(200);
  });

  it('says in one sentence which port is taken and how to choose another', async () => {
    const other = createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const { port } = other.address() as AddressInfo;

    const started = startDashboard({ store: seeded.store, logger: silentLogger(), port });

    await expect(started).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      exitCode: 2,
      message: `Port ${port} on 127.0.0.1, where the dashboard listens, is already in use: set CLOPUS_DASHBOARD_PORT to a free port, or to 0 for any free one.`,
    });
    await new Promise<void>((r) => other.close(() => r()));
  });

  it('answers an open (tokenless) dashboard only when addressed as localhost, against DNS rebinding', async () => {
    // fetch() will not send a Host of our choosing; node:http will, as a rebinding browser would.
    const rebound = await new Promise<number>((resolve, reject) => {
      request(`${seeded.url}/`, { headers: { Host: 'attacker.example' } }, (res) =>
        resolve(res.resume().statusCode ?? 0),
      )
        .on('error', reject)
        .end();
    });
    const local = await fetch(`${seeded.url.replace('127.0.0.1', 'localhost')}/`);

    expect(rebound).toBe(421);
    expect(local.status).toBe(200);
  });
});
