// The running detector: informers feed a pod cache, the reconciler turns it into incidents, a tick re-evaluates
// time-based reasons and resolutions, and a node-cron rescan relists everything the watch might have missed.
import cron, { type ScheduledTask } from 'node-cron';
import { type Config, type NamespaceMatcher, namespaceMatcher } from '../config/index.js';
import { type Pod, parsePod } from '../core/index.js';
import { ClopusError, isClopusError } from '../errors.js';
import type { KubeClient } from '../kube/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { collectEvidence } from './evidence-collector.js';
import { Informer, type InformerSink } from './informer.js';
import { Reconciler } from './reconciler.js';
import { type ResolvedFinding, resolveFinding } from './resolve.js';

export interface DetectorOptions {
  kube: KubeClient;
  store: Store;
  config: Config;
  logger: Logger;
  now?: () => number;
  /** How often time-based reasons and resolutions are re-evaluated from the cache. */
  tickMs?: number;
  /** Pods per new incident whose evidence is gathered. */
  evidencePods?: number;
  /** Called once a new or reopened incident's evidence is stored (or could not be gathered), e.g. to diagnose it. */
  onIncidentReady?: (incidentId: number) => void;
}

export interface DetectorHealth {
  synced: boolean;
  scopes: string[];
  pods: number;
  /** Full lists so far (start, 410s, rescans). */
  relists: number;
  watchErrors: number;
}

export class Detector {
  readonly pods = new Map<string, Pod>();
  private readonly reconciler: Reconciler;
  private readonly matcher: NamespaceMatcher;
  private informers: Informer[] = [];
  private tickTimer: NodeJS.Timeout | undefined;
  private cronTask: ScheduledTask | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly opts: DetectorOptions) {
    this.now = opts.now ?? Date.now;
    this.matcher = namespaceMatcher(opts.config.namespaces);
    this.reconciler = new Reconciler(this.pods, {
      store: opts.store,
      config: opts.config,
      logger: opts.logger,
      now: this.now,
      resolve: (finding, pod) => resolveFinding(finding, pod, opts.config.cluster, opts.kube),
      onIncident: (id, findings) => this.track(this.gatherEvidence(id, findings).then(() => this.ready(id))),
    });
  }

  /** Lists and starts watching every scope; resolves once the first list of each is in and reconciled. */
  async start(): Promise<void> {
    await this.startInformers();
    await this.reconciler.flush();
    this.reconciler.resolveQuiet();
    const tickMs =
      this.opts.tickMs ?? Math.max(1000, Math.min(10_000, (this.opts.config.detector.resolveGraceSeconds * 1000) / 4));
    this.tickTimer = setInterval(() => void this.tick(), tickMs);
    this.tickTimer.unref();
    this.cronTask = cron.schedule(this.opts.config.rescanSchedule, () => this.rescan(), {
      noOverlap: true,
      name: 'clopus-rescan',
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.tickTimer);
    await this.cronTask?.stop();
    for (const informer of this.informers) informer.stop();
    await this.idle();
  }

  /** Re-evaluates every cached pod (grace periods pass without events) and resolves quiet incidents. */
  async tick(): Promise<void> {
    this.reconciler.touchAll();
    await this.reconciler.flush();
    this.reconciler.resolveQuiet();
  }

  /** The scheduled full rescan: relist every scope, reconcile, resolve. */
  async rescan(): Promise<void> {
    const started = this.now();
    await Promise.all(
      this.informers.map((i) =>
        i.relist().catch((err: unknown) => this.opts.logger.warn({ scope: i.scope, err }, 'rescan list failed')),
      ),
    );
    await this.tick();
    this.opts.logger.info({ pods: this.pods.size, ms: this.now() - started }, 'rescan done');
  }

  /** Resolves when every pending change and evidence collection has reached the store. */
  async idle(): Promise<void> {
    await this.reconciler.flush();
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  health(): DetectorHealth {
    return {
      synced: this.informers.length > 0 && this.informers.every((i) => i.isSynced),
      scopes: this.informers.map((i) => i.scope),
      pods: this.pods.size,
      relists: this.informers.reduce((n, i) => n + i.stats.lists, 0),
      watchErrors: this.informers.reduce((n, i) => n + i.stats.errors, 0),
    };
  }

  findings(): ResolvedFinding[] {
    return this.reconciler.currentFindings();
  }

  private sink(): InformerSink {
    return {
      page: (items) => {
        const keys: string[] = [];
        for (const raw of items) {
          const key = this.upsert(raw);
          if (key) keys.push(key);
        }
        return keys;
      },
      replaced: (namespace, seen) => {
        for (const key of [...this.pods.keys()]) {
          if ((namespace === null || key.startsWith(`${namespace}/`)) && !seen.has(key)) {
            this.pods.delete(key);
            this.reconciler.touch(key);
          }
        }
      },
      event: (type, raw) => {
        if (type === 'DELETED') {
          const meta = (raw as { metadata?: { namespace?: string; name?: string } }).metadata;
          const key = `${meta?.namespace}/${meta?.name}`;
          this.pods.delete(key);
          this.reconciler.touch(key);
        } else {
          this.upsert(raw);
        }
      },
    };
  }

  private upsert(raw: unknown): string | undefined {
    let pod: Pod;
    try {
      pod = parsePod(raw);
    } catch (err) {
      this.opts.logger.warn({ err }, 'ignoring a pod the API server sent in an unexpected shape');
      return undefined;
    }
    if (!this.matcher(pod.metadata.namespace)) return undefined;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.pods.set(key, pod);
    this.reconciler.touch(key);
    return key;
  }

  private async startInformers(): Promise<void> {
    const { kube, logger, config } = this.opts;
    const make = (namespace: string | null) =>
      new Informer({
        kube,
        namespace,
        sink: this.sink(),
        logger,
        backoffMaxMs: config.detector.watchBackoffMaxSeconds * 1000,
      });
    if (this.matcher.exact === null) {
      const clusterWide = make(null);
      try {
        await clusterWide.start();
        this.informers = [clusterWide];
        return;
      } catch (err) {
        if (!(isClopusError(err) && err.code === 'KUBE_FORBIDDEN')) throw err;
        logger.warn({ err }, 'cannot list pods cluster-wide; watching namespace by namespace');
      }
    }
    const namespaces = this.matcher.exact ?? (await this.visibleNamespaces());
    const started: Informer[] = [];
    const refused: string[] = [];
    for (const ns of namespaces) {
      const informer = make(ns);
      try {
        await informer.start();
        started.push(informer);
      } catch (err) {
        if (!(isClopusError(err) && err.code === 'KUBE_FORBIDDEN')) throw err;
        refused.push(ns);
        logger.error({ namespace: ns, err }, 'cannot list pods in namespace; skipping it');
      }
    }
    if (started.length === 0) {
      throw new ClopusError(
        'KUBE_FORBIDDEN',
        `cannot list pods in any watched namespace (${refused.join(', ') || 'none found'}): grant get/list/watch on pods there, or change CLOPUS_NAMESPACES`,
      );
    }
    this.informers = started;
  }

  private async visibleNamespaces(): Promise<string[]> {
    try {
      return (await this.opts.kube.listNamespaces()).filter((ns) => this.matcher(ns));
    } catch (err) {
      if (isClopusError(err) && err.code === 'KUBE_FORBIDDEN') {
        throw new ClopusError(
          'KUBE_FORBIDDEN',
          'cannot list pods in all namespaces (403) nor list the namespaces to watch them one by one: set CLOPUS_NAMESPACES to the namespaces this service account may read',
          { cause: err },
        );
      }
      throw err;
    }
  }

  private async gatherEvidence(incidentId: number, findings: ResolvedFinding[]): Promise<void> {
    const { kube, store, config, logger } = this.opts;
    for (const f of findings.slice(0, this.opts.evidencePods ?? 3)) {
      const pod = this.pods.get(`${f.namespace}/${f.pod}`);
      if (!pod) continue;
      try {
        store.addEvidence(incidentId, await collectEvidence(kube, pod, f.container, f.reason, config.evidence, logger));
      } catch (err) {
        logger.warn({ incidentId, pod: f.pod, err }, 'gathering evidence failed');
      }
    }
  }

  private ready(incidentId: number): void {
    try {
      this.opts.onIncidentReady?.(incidentId);
    } catch (err) {
      this.opts.logger.error({ incidentId, err }, 'onIncidentReady failed');
    }
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}
