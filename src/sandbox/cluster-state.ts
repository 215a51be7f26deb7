// The in-memory cluster: objects keyed by kind/namespace/name, one global resourceVersion, and a change history.
import { randomUUID } from 'node:crypto';
import { ContainerData, type ContainerLogs } from './container-data.js';
import { buildEvent, type EventInput, type InvolvedObject } from './events.js';
import { History } from './history.js';
import { type KindStore, keyOf, type Page, type PageRequest, pageOf } from './kind-store.js';
import { type ResourceDef, resourceFor } from './kinds.js';
import { setTemplateGeneration } from './set-status.js';
import { type ChangeEvent, type Entry, entryJson, type KubeObject, timestamp, type WatchEventType } from './types.js';

export interface ClusterStateOptions {
  /** How many changes a watch can resume across (default 10,000). */
  historyLimit?: number;
  now?: () => Date;
}

export type { Page, PageRequest };

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export class ClusterState {
  readonly now: () => Date;
  private readonly stores = new Map<string, KindStore>();
  private rv = 0;
  private readonly history: History;
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  /** Per-container logs, filesystems and shell flags (used by the log and exec handlers). */
  readonly containers: ContainerData;

  constructor(options: ClusterStateOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.history = new History(options.historyLimit ?? 10_000);
    this.containers = new ContainerData(() => this.now().getTime());
    for (const ns of SYSTEM_NAMESPACES) this.createNamespace(ns);
  }

  /** The latest resourceVersion, as lists report it. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Creates the namespace (and its default ServiceAccount) unless it exists. */
  createNamespace(name: string, labels: Record<string, string> = {}): KubeObject {
    const existing = this.entry('Namespace', undefined, name);
    if (existing) return clone(existing);
    const ns = this.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    this.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    return ns;
  }

  /** Creates or replaces an object as given (status included), filling server-set metadata. */
  apply(obj: KubeObject): KubeObject {
    const def = resourceFor(obj.kind);
    const copy = structuredClone(obj);
    if (def.namespaced) {
      copy.metadata.namespace ??= 'default';
      if (!this.entry('Namespace', undefined, copy.metadata.namespace)) this.createNamespace(copy.metadata.namespace);
    }
    return clone(this.commit(def, copy));
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const entry = this.entry(kind, namespace, name);
    return entry ? clone(entry) : undefined;
  }

  list(kind: string, namespace?: string): KubeObject[] {
    return this.page(kind, namespace === undefined ? {} : { namespace }).entries.map(clone);
  }

  /** Deletes an object; dependents (by ownerReferences) go too unless propagation is Orphan. */
  delete(
    kind: string,
    namespace: string | undefined,
    name: string,
    propagation: Propagation = 'Background',
  ): KubeObject | undefined {
    const entry = this.remove(resourceFor(kind), namespace, name, { propagation });
    return entry ? clone(entry) : undefined;
  }

  /** Changes a stored object in place (any field, typically status) and emits MODIFIED. */
  update(kind: string, namespace: string | undefined, name: string, mutate: (obj: KubeObject) => void): KubeObject {
    const def = resourceFor(kind);
    const entry = this.entry(kind, namespace, name);
    if (!entry) throw new Error(`sandbox: ${def.plural} "${name}" not found in ${namespace ?? 'cluster scope'}`);
    const copy = structuredClone(entry.obj);
    mutate(copy);
    return clone(this.commit(def, copy));
  }

  updateStatus(
    kind: string,
    namespace: string | undefined,
    name: string,
    mutate: (obj: KubeObject) => void,
  ): KubeObject {
    return this.update(kind, namespace, name, mutate);
  }

  setLogs(ns: string, pod: string, container: string, logs: ContainerLogs): void {
    this.containers.setLogs(ns, pod, container, logs);
  }

  /** Appends to the current log; `kubectl logs -f` followers see it at once. */
  appendLogs(ns: string, pod: string, container: string, text: string): void {
    this.containers.appendLogs(ns, pod, container, text);
  }

  /** Records an Event; a repeat (same object, reason and message) bumps count and lastTimestamp, like the recorder. */
  addEvent(ns: string, involved: InvolvedObject, input: EventInput): KubeObject {
    const now = timestamp(this.now());
    const repeat = this.page('Event', {
      namespace: ns,
      filter: (e) => {
        const io = e.involvedObject as InvolvedObject;
        return (
          io.kind === involved.kind &&
          io.name === involved.name &&
          e.reason === input.reason &&
          e.message === input.message &&
          e.type === input.type
        );
      },
      limit: 1,
    }).entries[0];
    if (repeat) {
      return this.update('Event', ns, repeat.obj.metadata.name, (e) => {
        e.count = (Number(e.count) || 1) + (input.count ?? 1);
        e.lastTimestamp = now;
      });
    }
    return this.apply(buildEvent(ns, involved, input, now, this.now()));
  }

  /** The container's in-memory filesystem that exec reads and writes (absolute path → content). */
  files(ns: string, pod: string, container: string): Map<string, Buffer> {
    return this.containers.files(ns, pod, container).files;
  }

  /** Marks a container as built without a shell (distroless): exec of anything fails as it would. */
  setNoShell(ns: string, pod: string, container: string, noShell = true): void {
    this.containers.setNoShell(ns, pod, container, noShell);
  }

  /** Images without a shell: every container running one behaves as `setNoShell`. */
  get noShellImages(): Set<string> {
    return this.containers.noShellImages;
  }

  /** Forgets the change history, so a watch resuming from an older resourceVersion gets 410 Expired. */
  compact(): void {
    this.history.compact(this.rv);
  }

  // ---- used by the HTTP layer ----

  entry(kind: string, namespace: string | undefined, name: string): Entry | undefined {
    const store = this.store(kind);
    return store.items.get(keyOf(store.def, namespace, name));
  }

  /** A page of objects in list order (namespace, then name), resuming after `after`. */
  page(kind: string, req: PageRequest): Page {
    return pageOf(this.store(kind), req);
  }

  changesSince(rv: number): ChangeEvent[] | undefined {
    return this.history.since(rv);
  }

  get oldestResumable(): number {
    return this.history.oldestResumable;
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores a fully-formed object (create or replace), filling uid, timestamps, generation and resourceVersion. */
  commit(def: ResourceDef, obj: KubeObject, opts: { dryRun?: boolean } = {}): Entry {
    const store = this.store(def.storedAs ?? def.kind);
    const key = keyOf(store.def, obj.metadata.namespace, obj.metadata.name);
    const prev = store.items.get(key);
    const meta = obj.metadata;
    meta.uid ??= prev?.obj.metadata.uid ?? randomUUID();
    meta.creationTimestamp ??= prev?.obj.metadata.creationTimestamp ?? timestamp(this.now());
    if (usesGeneration(store.def)) {
      const before = prev?.obj.metadata.generation ?? 0;
      meta.generation = prev
        ? before + (JSON.stringify(prev.obj.spec) === JSON.stringify(obj.spec) ? 0 : 1)
        : (meta.generation ?? 1);
    }
    if (store.def.kind === 'DaemonSet') setTemplateGeneration(obj, prev?.obj);
    if (opts.dryRun) {
      // A dry run shows the object as it would be stored, at the version it replaces.
      if (prev?.obj.metadata.resourceVersion) meta.resourceVersion = prev.obj.metadata.resourceVersion;
      return { obj };
    }
    meta.resourceVersion = String(++this.rv);
    const entry: Entry = { obj };
    store.items.set(key, entry);
    if (!prev) store.sorted = null;
    this.emit(prev ? 'MODIFIED' : 'ADDED', store.def.kind, entry, prev);
    return entry;
  }

  /** Deletes an object (and by default its dependents); returns the deleted object as last stored. */
  remove(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    opts: { dryRun?: boolean; propagation?: Propagation } = {},
  ): Entry | undefined {
    const store = this.store(def.storedAs ?? def.kind);
    const key = keyOf(store.def, namespace, name);
    const prev = store.items.get(key);
    if (!prev) return undefined;
    const obj = structuredClone(prev.obj);
    if (opts.dryRun) return { obj };
    if (opts.propagation !== 'Orphan') this.removeDependents(store.def, prev.obj);
    store.items.delete(key);
    store.sorted = null;
    obj.metadata.resourceVersion = String(++this.rv);
    const entry: Entry = { obj };
    this.emit('DELETED', store.def.kind, entry, prev);
    if (store.def.kind === 'Pod' && namespace !== undefined) this.containers.forgetPod(namespace, name);
    return entry;
  }

  private removeDependents(def: ResourceDef, owner: KubeObject): void {
    if (def.kind === 'Namespace') {
      for (const store of this.stores.values()) {
        if (!store.def.namespaced) continue;
        for (const e of this.page(store.def.kind, { namespace: owner.metadata.name }).entries) {
          this.remove(store.def, owner.metadata.name, e.obj.metadata.name, { propagation: 'Orphan' });
        }
      }
      return;
    }
    const uid = owner.metadata.uid;
    if (!def.namespaced || !uid) return;
    for (const store of this.stores.values()) {
      if (!store.def.namespaced) continue;
      const owned = this.page(store.def.kind, {
        namespace: owner.metadata.namespace ?? '',
        filter: (o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === uid),
      }).entries;
      for (const e of owned) this.remove(store.def, e.obj.metadata.namespace, e.obj.metadata.name);
    }
  }

  private emit(type: WatchEventType, kind: string, entry: Entry, prev: Entry | undefined): void {
    const event: ChangeEvent = { rv: this.rv, type, kind, entry, ...(prev ? { prev } : {}) };
    this.history.push(event);
    for (const listener of this.listeners) listener(event);
  }

  private store(kind: string): KindStore {
    const def = resourceFor(kind);
    let store = this.stores.get(def.kind);
    if (!store) {
      store = { def, items: new Map(), sorted: null };
      this.stores.set(def.kind, store);
    }
    return store;
  }
}

function clone(entry: Entry): KubeObject {
  return JSON.parse(entryJson(entry)) as KubeObject;
}

function usesGeneration(def: ResourceDef): boolean {
  return (def.group === 'apps' || def.group === 'batch') && def.kind !== 'ControllerRevision';
}
