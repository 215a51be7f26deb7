// `clopus serve`: the long-running bot. For now: the detector, recording incidents in the store.
import { loadConfig } from '../../config/index.js';
import { KubeClient, loadKubeConfig } from '../../kube/index.js';
import { openStore } from '../../store/index.js';
import { Detector } from '../../detector/index.js';
import { createLogger } from '../../logger.js';
import { parse } from '../args.js';
import { write, type CliIo } from '../io.js';

const USAGE = 'clopus serve [--kubeconfig FILE]';

export async function serve(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse('serve', argv, { kubeconfig: { type: 'string' } }, USAGE);
  const config = loadConfig(io.env);
  const logger = createLogger({ level: config.logLevel });
  const kube = new KubeClient(loadKubeConfig(values.kubeconfig ?? io.env.KUBECONFIG));
  const store = openStore(config.databasePath, { logger });
  const detector = new Detector({ kube, store, config, logger });
  try {
    await detector.start();
    const health = detector.health();
    logger.info({ server: kube.server, scopes: health.scopes, pods: health.pods, db: config.databasePath }, 'watching');
    write(io.stderr, `clopus: watching ${health.pods} pods in ${health.scopes.join(', ') === '*' ? 'all namespaces' : health.scopes.join(', ')}; incidents go to ${config.databasePath}`);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) return resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await detector.stop();
    store.close();
  }
  return 0;
}
