// Per-container state that is not an API object: log text, the in-memory filesystem, and whether a shell exists.
import { ContainerFs } from './shell/memfs.js';

export interface ContainerLogs {
  current?: string;
  previous?: string;
}

type LogFollower = (text: string) => void;

function key(ns: string, pod: string, container: string): string {
  return `${ns}/${pod}/${container}`;
}

export class ContainerData {
  private readonly logs = new Map<string, ContainerLogs>();
  private readonly fs = new Map<string, ContainerFs>();
  private readonly noShell = new Set<string>();
  private readonly followers = new Map<string, Set<LogFollower>>();
  /** Images built without a shell (distroless): every container running one behaves as `noShell`. */
  readonly noShellImages = new Set<string>();

  constructor(private readonly now: () => number) {}

  logsOf(ns: string, pod: string, container: string): ContainerLogs {
    return this.logs.get(key(ns, pod, container)) ?? {};
  }

  setLogs(ns: string, pod: string, container: string, logs: ContainerLogs): void {
    const k = key(ns, pod, container);
    this.logs.set(k, { ...this.logs.get(k), ...logs });
  }

  appendLogs(ns: string, pod: string, container: string, text: string): void {
    const k = key(ns, pod, container);
    const logs = this.logs.get(k) ?? {};
    this.logs.set(k, { ...logs, current: (logs.current ?? '') + text });
    for (const follow of this.followers.get(k) ?? []) follow(text);
  }

  /** Calls `onText` with every append until the returned function is called. */
  follow(ns: string, pod: string, container: string, onText: LogFollower): () => void {
    const k = key(ns, pod, container);
    const set = this.followers.get(k) ?? new Set<LogFollower>();
    set.add(onText);
    this.followers.set(k, set);
    return () => set.delete(onText);
  }

  files(ns: string, pod: string, container: string): ContainerFs {
    const k = key(ns, pod, container);
    let fs = this.fs.get(k);
    if (!fs) {
      fs = new ContainerFs(this.now);
      this.fs.set(k, fs);
    }
    return fs;
  }

  setNoShell(ns: string, pod: string, container: string, value: boolean): void {
    if (value) this.noShell.add(key(ns, pod, container));
    else this.noShell.delete(key(ns, pod, container));
  }

  hasShell(ns: string, pod: string, container: string, image: string | undefined): boolean {
    return !this.noShell.has(key(ns, pod, container)) && !(image !== undefined && this.noShellImages.has(image));
  }

  /** A deleted pod's containers are gone; a new pod with the same name starts clean. */
  forgetPod(ns: string, pod: string): void {
    const prefix = `${ns}/${pod}/`;
    for (const map of [this.logs, this.fs, this.followers]) {
      for (const k of [...map.keys()]) if (k.startsWith(prefix)) map.delete(k);
    }
    for (const k of [...this.noShell]) if (k.startsWith(prefix)) this.noShell.delete(k);
  }
}
