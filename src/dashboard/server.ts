// Serving the dashboard: refuse an open dashboard beyond loopback, listen, and close every connection on stop.
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { ClopusError, describeError } from '../errors.js';
import { createDashboardApp } from './app.js';
import { ListenOptions } from './schema.js';
import type { DashboardOptions, RunningDashboard } from './types.js';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

function parseListen(options: DashboardOptions): ListenOptions {
  const parsed = ListenOptions.safeParse({
    port: options.port,
    host: options.host ?? '127.0.0.1',
    token: options.token,
    pollSeconds: options.pollSeconds,
  });
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new ClopusError('CONFIG_INVALID', `The dashboard cannot start: ${why}.`, { exitCode: 2 });
  }
  const listen = parsed.data;
  if (listen.token === undefined && !isLoopback(listen.host)) {
    throw new ClopusError(
      'CONFIG_INVALID',
      `The dashboard would listen on ${listen.host} with no token. Set CLOPUS_DASHBOARD_TOKEN (e.g. openssl rand -hex 32), or set CLOPUS_DASHBOARD_HOST=127.0.0.1.`,
      { exitCode: 2 },
    );
  }
  return listen;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** One sentence on why the dashboard could not listen, naming the port and how to choose another. */
function listenError(err: unknown, host: string, port: number): ClopusError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const sentence =
    code === 'EADDRINUSE'
      ? `Port ${port} on ${host}, where the dashboard listens, is already in use: set CLOPUS_DASHBOARD_PORT to a free port, or to 0 for any free one.`
      : code === 'EACCES'
        ? `The dashboard may not listen on port ${port} on ${host} (ports below 1024 need privileges): set CLOPUS_DASHBOARD_PORT to a port above 1023, or to 0 for any free one.`
        : code === 'EADDRNOTAVAIL'
          ? `The dashboard cannot listen on ${host}, which is not an address of this machine: set CLOPUS_DASHBOARD_HOST to one of its addresses, such as 127.0.0.1.`
          : `The dashboard cannot listen on ${host}:${port} (${describeError(err)}): set CLOPUS_DASHBOARD_PORT to a free port, or to 0 for any free one.`;
  return new ClopusError('CONFIG_INVALID', sentence, { cause: err, exitCode: 2 });
}

/** Starts the read-only dashboard; resolves once it listens. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const settings = parseListen(options);
  const app = createDashboardApp({ ...options, token: settings.token, pollSeconds: settings.pollSeconds });
  // overrideGlobalObjects: false keeps the process's own fetch, Request and Response untouched.
  const server = createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  let port: number;
  try {
    port = await listen(server, settings.port, settings.host);
  } catch (err) {
    throw listenError(err, settings.host, settings.port);
  }
  const host = isIP(settings.host) === 6 ? `[${settings.host}]` : settings.host;
  const url = `http://${host}:${port}`;
  options.logger.info(
    { url, auth: settings.token === undefined ? 'none (loopback only)' : 'token' },
    'dashboard listening',
  );
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Browsers keep idle connections open; without this close() would wait for them.
        server.closeAllConnections();
      }),
  };
}
