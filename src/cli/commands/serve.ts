// `clopus serve`: the long-running bot, as startApp (app/app.ts) puts it together: the detector records incidents;
// the fixer loop diagnoses them, expires proposals nobody decided on, and verifies applied fixes (resuming what a
// previous run left); the policy auto-approves in trusted namespaces; Slack (when its tokens are set) shows every
// incident and takes decisions. One server per database: a second refuses to start (app/lease.ts).

import { type App, startApp } from '../../app/index.js';
import { loadConfig } from '../../config/index.js';
import { ClopusError } from '../../errors.js';
import { parse } from '../args.js';
import { connect } from '../cluster.js';
import { type CliIo, write } from '../io.js';
import { SPECS } from '../specs.js';

export async function serve(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(SPECS.serve, argv);
  const config = loadConfig(io.env);
  const app = await startApp(config, { env: io.env, lease: true, connect: () => connect(io, values.kubeconfig) });
  // Losing the lease (another server took over while this one stalled) stops this one like a signal would.
  const lost = app.leaseLost;
  try {
    announce(app, io);
    const signal = io.signal ? AbortSignal.any([io.signal, lost]) : lost;
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await app.stop();
  }
  if (!lost.aborted) return 0;
  throw new ClopusError(
    'STORE_ERROR',
    `another clopus serve took over the database ${config.databasePath} (now held by ${String(lost.reason)}) while this one was not renewing its lease, so this one stopped. Run one replica with strategy Recreate.`,
  );
}

function announce({ config, logger, kube, detector, runner, access, dashboard, slack }: App, io: CliIo): void {
  const health = detector.health();
  logger.info(
    {
      server: kube.server,
      scopes: health.scopes,
      pods: health.pods,
      db: config.databasePath,
      planner: config.fixer.planner,
      runner: runner.mode,
      model: access?.source ?? 'none',
      slack: slack?.mode ?? 'off',
    },
    'watching',
  );
  write(
    io.stderr,
    `clopus: watching ${health.pods} pods in ${health.scopes.join(', ') === '*' ? 'all namespaces' : health.scopes.join(', ')}; incidents go to ${config.databasePath}; dashboard on ${dashboard.url}${slack ? ` and Slack (${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${slack.app.port}`})` : ''}`,
  );
}
