// `clopus serve`: the long-running bot. The detector records incidents; the fixer loop diagnoses them, expires
// proposals nobody decided on, and verifies applied fixes (resuming what a previous run left).
import { loadConfig } from '../../config/index.js';
import { KubeClient, loadKubeConfig } from '../../kube/index.js';
import { openStore } from '../../store/index.js';
import { Detector } from '../../detector/index.js';
import { startFixerLoop } from '../../fixer/index.js';
import { createRunner } from '../../fixer/runner/index.js';
import { createLogger } from '../../logger.js';
import { parse } from '../args.js';
import { write, type CliIo } from '../io.js';

const USAGE = 'clopus serve [--kubeconfig FILE]';

export async function serve(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse('serve', argv, { kubeconfig: { type: 'string' } }, USAGE);
  const config = loadConfig(io.env);
  const logger = createLogger({ level: config.logLevel });
  const kube = new KubeClient(loadKubeConfig(values.kubeconfig ?? io.env.KUBECONFIG));
  const runner = await createRunner({ config, kube, logger, env: io.env });
  await runner.start();
  const access = runner.access;
  // In job mode the Job slots are the limit; the diagnosis queue must not be the narrower one.
  const fixerConfig = runner.mode === 'job' ? { ...config.fixer, concurrency: Math.max(config.fixer.concurrency, config.runner.job.concurrency) } : config.fixer;
  const store = openStore(config.databasePath, { logger });
  const fixer = startFixerLoop({ store, kube, config: fixerConfig, access, planClaude: runner.planClaude, logger });
  const detector = new Detector({ kube, store, config, logger, onIncidentReady: (id) => fixer.enqueue(id) });
  try {
    await detector.start();
    const health = detector.health();
    logger.info({ server: kube.server, scopes: health.scopes, pods: health.pods, db: config.databasePath, planner: config.fixer.planner, runner: runner.mode, model: access?.source ?? 'none' }, 'watching');
    write(io.stderr, `clopus: watching ${health.pods} pods in ${health.scopes.join(', ') === '*' ? 'all namespaces' : health.scopes.join(', ')}; incidents go to ${config.databasePath}`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) return resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    // The detector first, so no new work arrives; then the fixer, whose running diagnoses end as failed and whose
    // verifications stop without a verdict (the next start resumes them).
    await detector.stop();
    await fixer.stop();
    await runner.stop();
    store.close();
  }
  return 0;
}
