// A detector wired to a sandbox and a store on a temp file, with a clock the test can move.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { Detector } from '../../src/detector/index.js';
import { KubeClient } from '../../src/kube/index.js';
import { silentLogger } from '../../src/logger.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';

export interface Harness {
  sandbox: Sandbox;
  store: Store;
  kube: KubeClient;
  detector: Detector;
  dbPath: string;
  /** Moves the detector's and the store's clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startHarness(
  env: Record<string, string> = {},
  opts: { sandbox?: Sandbox } = {},
): Promise<Harness> {
  const sandbox = opts.sandbox ?? (await startSandbox());
  const dir = mkdtempSync(join(tmpdir(), 'clopus-detector-'));
  const dbPath = join(dir, 'clopus.db');
  let offset = 0;
  const now = () => Date.now() + offset;
  const config = loadConfig({ CLOPUS_DB_PATH: dbPath, CLOPUS_RESOLVE_GRACE_SECONDS: '60', ...env });
  const store = openStore(dbPath, { now: () => new Date(now()) });
  const kube = new KubeClient(sandbox.kubeConfig());
  const detector = new Detector({ kube, store, config, logger: silentLogger(), now, tickMs: 3_600_000 });
  return {
    sandbox,
    store,
    kube,
    detector,
    dbPath,
    advance(ms) {
      offset += ms;
    },
    async close() {
      await detector.stop();
      store.close();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
