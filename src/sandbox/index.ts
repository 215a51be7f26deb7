// The sandbox: an in-memory Kubernetes API server that real clients (client-node, kubectl) talk to as to a cluster,
// and the other fakes the bot meets there: Slack (for the demo and the tests), git, GitHub and a GitOps controller.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterState } from './cluster-state.js';
import { Faults } from './faults.js';
import type { ServerContext } from './http/context.js';
import { createApiServer } from './http/server.js';
import { type Endpoint, kubeConfigFor, writeKubeconfigFile } from './kubeconfig.js';
import { type Kubelet, type KubeletOptions, startKubelet } from './kubelet/index.js';
import { createSelfSigned, type TlsMaterial } from './tls.js';

export { type AutoRolloutOptions, autoRollout } from './auto-rollout.js';
export { type Behaviour, type SimulateOptions, type Start, type StartContext, simulate } from './behaviour.js';
export * from './builders.js';
export * from './builders-jobs.js';
export * from './builders-sets.js';
export { ClusterState, type ClusterStateOptions, type Propagation } from './cluster-state.js';
export type { ContainerLogs } from './container-data.js';
export type { EventInput, InvolvedObject } from './events.js';
export { type FaultRule, Faults } from './faults.js';
export {
  CLOPUS_BIN,
  type CommandResolver,
  type ContainerToRun,
  clopusCommand,
  firstOf,
  type Kubelet,
  type KubeletOptions,
} from './kubelet/index.js';
export { POD_REVISION_LABEL, REVISION_HASH_LABEL, revisionsOf } from './revisions.js';
export { unknownFields } from './schema/index.js';
export { daemonSetStep, rolloutSet, type SetStep, type SetStepOptions, statefulSetStep } from './set-rollout.js';
export * from './slack/index.js';
export type { KubeObject, ObjectMeta, OwnerReference } from './types.js';

export interface SandboxOptions {
  host?: string;
  port?: number;
  /** Serve HTTPS with a fresh self-signed certificate and require the bearer token. */
  tls?: boolean;
  /** Bearer token (TLS only; random when omitted). */
  token?: string;
  version?: { major: string; minor: string };
  /** Start from an existing state (e.g. one a demo scenario built). */
  cluster?: ClusterState;
  historyLimit?: number;
  bookmarkIntervalMs?: number;
  /** Run Jobs created through the API as local processes (see kubelet/); off unless given. */
  kubelet?: KubeletOptions | true;
}

export interface Sandbox {
  readonly url: string;
  readonly cluster: ClusterState;
  readonly faults: Faults;
  /** The bearer token clients must send (TLS only). */
  readonly token: string | undefined;
  /** The Job-running kubelet, when started with `kubelet`. */
  readonly kubelet: Kubelet | undefined;
  kubeConfig(): KubeConfig;
  writeKubeconfig(file: string): void;
  /**
   * Closes every socket (watches die mid-stream) and listens again on the same port, keeping state. `whileDown` runs
   * while nothing listens (clients get connection refused), e.g. to change the cluster during the outage.
   */
  restart(opts?: { whileDown?: () => void | Promise<void> }): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const cluster =
    opts.cluster ?? new ClusterState(opts.historyLimit !== undefined ? { historyLimit: opts.historyLimit } : {});
  const faults = new Faults();
  const tls: TlsMaterial | undefined = opts.tls ? await createSelfSigned(host) : undefined;
  const token = tls ? (opts.token ?? randomBytes(16).toString('hex')) : undefined;
  let port = opts.port ?? 0;
  const ctx: ServerContext = {
    cluster,
    faults,
    version: opts.version ?? { major: '1', minor: '32' },
    ...(token ? { token } : {}),
    address: () => `${host}:${port}`,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 5000,
  };
  const api = createApiServer(ctx);
  const sockets = new Set<Socket>();
  const makeServer = (): Server => {
    const server: Server = tls
      ? createHttpsServer({ key: tls.key, cert: tls.cert }, api.handle)
      : createHttpServer(api.handle);
    server.on('upgrade', api.upgrade);
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };
  let server = makeServer();
  port = await listen(server, port, host);
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const endpoint: Endpoint = { url, ...(tls ? { caPem: tls.cert } : {}), ...(token ? { token } : {}) };

  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    api.closeStreams();
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  // Containers reach the API through a kubeconfig file, standing in for a mounted service account token.
  let kubelet: Kubelet | undefined;
  let kubeletDir: string | undefined;
  if (opts.kubelet) {
    kubeletDir = mkdtempSync(join(tmpdir(), 'sandbox-kubelet-'));
    const kubeconfig = join(kubeletDir, 'kubeconfig');
    writeKubeconfigFile(kubeconfig, endpoint);
    kubelet = startKubelet(cluster, { ...(opts.kubelet === true ? {} : opts.kubelet), kubeconfig });
  }

  return {
    url,
    cluster,
    faults,
    token,
    kubelet,
    kubeConfig: () => kubeConfigFor(endpoint),
    writeKubeconfig: (file) => writeKubeconfigFile(file, endpoint),
    async restart(restartOpts = {}) {
      await close();
      await restartOpts.whileDown?.();
      server = makeServer();
      await listen(server, port, host);
    },
    async stop() {
      await kubelet?.stop();
      if (kubeletDir) rmSync(kubeletDir, { recursive: true, force: true });
      await close();
      await tls?.dispose();
    },
  };
}
export { type ArgoApplicationOptions, argoApplication, bearerGitEnv, tokenSecret } from './builders-gitops.js';
export { type LocalForge, startLocalForge } from './forge.js';
export type { GitServer } from './git/index.js';
export type { FakeRepoBackend, GitHubFake } from './github/index.js';
export {
  FLUX_NAME_LABEL,
  FLUX_NAMESPACE_LABEL,
  type GitOpsSync,
  type GitOpsSyncOptions,
  type ManagerRef,
  type ObjectRef,
  type SyncEvent,
  type SyncStage,
  startGitOpsSync,
  TRACKING_ID,
} from './gitops/index.js';
export { parseQuantity } from './quantity.js';
