// Turns the pods the informers hold into incidents: one per fingerprint, kept current, resolved after a grace period
// without the finding, reopened when it recurs within the cool-down. Level-triggered: it only ever compares what it
// sees now with what the store holds, so missed or repeated events are harmless.

import type { Config } from '../config/index.js';
import type { IncidentState, Pod } from '../core/index.js';
import type { Logger } from '../logger.js';
import type { IncidentPod, Store } from '../store/index.js';
import { classifyPod } from './classify.js';
import type { ResolvedFinding } from './resolve.js';
import type { ClassifyThresholds } from './types.js';

/** States in which the detector may declare an incident resolved: anything before a fix is being applied. */
const RESOLVABLE: readonly IncidentState[] = [
  'open',
  'diagnosing',
  'proposed',
  'no_fix',
  'diagnosis_failed',
  'approved',
  'rejected',
  'expired',
];

export interface ReconcilerDeps {
  store: Store;
  config: Config;
  logger: Logger;
  now: () => number;
  resolve: (finding: import('../core/index.js').Finding, pod: Pod) => Promise<ResolvedFinding>;
  /** Called after a new or reopened incident is committed (evidence gathering, diagnosis later). */
  onIncident?: (incidentId: number, findings: ResolvedFinding[], pods: Map<string, Pod>) => void;
}

export class Reconciler {
  /** Current findings per pod key (`ns/name`). */
  private readonly podFindings = new Map<string, ResolvedFinding[]>();
  /** Pods currently showing each fingerprint. */
  private readonly byFingerprint = new Map<string, Map<string, ResolvedFinding>>();
  /** When each pod first showed its current findings (time to detect starts at the change, not the flush). */
  private readonly dirty = new Map<string, number>();
  private readonly dirtyFingerprints = new Set<string>();
  /** Earliest change time among the pods of a fingerprint not yet written (time to detect). */
  private readonly firstSeen = new Map<string, number>();
  /** Last observation written per fingerprint, so unchanged incidents cost no write. */
  private readonly written = new Map<string, { signature: string; at: number }>();
  private running: Promise<void> = Promise.resolve();
  private scheduled = false;
  private readonly thresholds: ClassifyThresholds;

  constructor(
    private readonly pods: Map<string, Pod>,
    private readonly deps: ReconcilerDeps,
  ) {
    this.thresholds = deps.config.detector;
  }

  /** Marks a pod changed (or gone) and schedules a flush on the next turn of the event loop. */
  touch(podKey: string): void {
    if (!this.dirty.has(podKey)) this.dirty.set(podKey, this.deps.now());
    this.schedule();
  }

  touchAll(): void {
    for (const key of this.pods.keys()) this.touch(key);
    for (const key of this.podFindings.keys()) this.touch(key);
  }

  /** Resolves when every change marked so far has reached the store. */
  flush(): Promise<void> {
    this.running = this.running.then(() => this.drain());
    return this.running;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async drain(): Promise<void> {
    while (this.dirty.size > 0) {
      const batch = [...this.dirty];
      this.dirty.clear();
      for (const [key, seenAt] of batch) {
        try {
          await this.refreshPod(key, seenAt);
        } catch (err) {
          this.deps.logger.error({ pod: key, err }, 'reconciling a pod failed');
        }
      }
      for (const fp of [...this.dirtyFingerprints]) {
        this.dirtyFingerprints.delete(fp);
        try {
          this.syncIncident(fp);
        } catch (err) {
          this.deps.logger.error({ fingerprint: fp, err }, 'recording an incident failed');
        }
      }
    }
  }

  private async refreshPod(key: string, seenAt: number): Promise<void> {
    const pod = this.pods.get(key);
    const raw = pod ? classifyPod(pod, this.deps.now(), this.thresholds) : [];
    const next: ResolvedFinding[] = [];
    for (const f of raw) next.push(await this.deps.resolve(f, pod!));
    const prev = this.podFindings.get(key) ?? [];
    for (const f of prev) {
      if (!next.some((n) => n.fingerprint === f.fingerprint)) {
        this.byFingerprint.get(f.fingerprint)?.delete(key);
        this.dirtyFingerprints.add(f.fingerprint);
      }
    }
    for (const f of next) {
      let group = this.byFingerprint.get(f.fingerprint);
      if (!group) this.byFingerprint.set(f.fingerprint, (group = new Map()));
      const old = group.get(key);
      if (!old || old.restarts !== f.restarts || old.message !== f.message || old.podUid !== f.podUid) {
        this.dirtyFingerprints.add(f.fingerprint);
        this.firstSeen.set(f.fingerprint, Math.min(this.firstSeen.get(f.fingerprint) ?? seenAt, seenAt));
      }
      group.set(key, f);
    }
    if (next.length > 0) this.podFindings.set(key, next);
    else this.podFindings.delete(key);
  }

  private syncIncident(fp: string): void {
    const { store, logger } = this.deps;
    const now = this.deps.now();
    const iso = new Date(now).toISOString();
    const group = [...(this.byFingerprint.get(fp)?.values() ?? [])].sort((a, b) => a.pod.localeCompare(b.pod));
    const live = store.findLive(fp);
    if (group.length === 0) {
      this.byFingerprint.delete(fp);
      this.firstSeen.delete(fp);
      // The finding just went away: stamp the moment, so the grace period counts from here.
      if (live)
        store.recordObservation(live.id, {
          pods: live.pods,
          restarts: live.restarts,
          message: live.message,
          lastSeenAt: iso,
        });
      this.written.delete(fp);
      return;
    }
    const pods: IncidentPod[] = group.map((f) => ({
      name: f.pod,
      uid: f.podUid,
      restarts: f.restarts,
      message: f.message,
      ...(f.exitCode === undefined ? {} : { exitCode: f.exitCode }),
      lastSeenAt: iso,
    }));
    const restarts = group.reduce((sum, f) => sum + f.restarts, 0);
    const first = group[0]!;
    const detectedAt = new Date(this.firstSeen.get(fp) ?? now).toISOString();
    this.firstSeen.delete(fp);
    const signature = JSON.stringify(pods.map((p) => [p.name, p.uid, p.restarts, p.message]));
    if (live) {
      const last = this.written.get(fp);
      const heartbeatMs = Math.min(30_000, (this.deps.config.detector.resolveGraceSeconds * 1000) / 4);
      if (last && last.signature === signature && now - last.at < heartbeatMs) return;
      store.recordObservation(live.id, { pods, restarts, message: first.message, lastSeenAt: iso });
      this.written.set(fp, { signature, at: now });
      return;
    }
    const cooldownStart = new Date(now - this.deps.config.detector.reopenCooldownSeconds * 1000);
    const recent = store.findRecentlyResolved(fp, cooldownStart);
    let incidentId: number;
    if (
      recent &&
      store.transition(recent.id, 'resolved', 'open', {
        actor: 'detector',
        action: 'reopened',
        detail: `${first.reason} again: ${first.message}`,
      })
    ) {
      incidentId = recent.id;
      store.recordObservation(incidentId, { pods, restarts, message: first.message, lastSeenAt: iso });
      logger.info({ incidentId, fingerprint: fp }, 'incident reopened');
    } else {
      const incident = store.createIncident(
        {
          fingerprint: fp,
          cluster: this.deps.config.cluster,
          namespace: first.namespace,
          workloadKind: first.workload.kind,
          workloadName: first.workload.name,
          container: first.container,
          reason: first.reason,
          message: first.message,
          pods,
          restarts,
          detectedAt,
        },
        'detector',
      );
      incidentId = incident.id;
      logger.info({ incidentId, fingerprint: fp, pods: pods.length }, 'incident opened');
    }
    this.written.set(fp, { signature, at: now });
    this.deps.onIncident?.(incidentId, group, this.pods);
  }

  /** Resolves live incidents whose finding has been absent for the grace period. */
  resolveQuiet(): number {
    const { store } = this.deps;
    const graceMs = this.deps.config.detector.resolveGraceSeconds * 1000;
    const now = this.deps.now();
    let resolved = 0;
    for (const incident of store.listLive()) {
      if ((this.byFingerprint.get(incident.fingerprint)?.size ?? 0) > 0) continue;
      if (!RESOLVABLE.includes(incident.state)) continue;
      if (now - Date.parse(incident.lastSeenAt) < graceMs) continue;
      const detail = `no ${incident.reason} seen for ${Math.round((now - Date.parse(incident.lastSeenAt)) / 1000)} s`;
      if (store.transition(incident.id, incident.state, 'resolved', { actor: 'detector', action: 'recovered', detail }))
        resolved++;
    }
    return resolved;
  }

  /** Fingerprints with live findings right now (for scans and tests). */
  currentFindings(): ResolvedFinding[] {
    return [...this.podFindings.values()].flat();
  }
}
