// A container's filesystem, kept in memory: exec reads and writes it; nothing here touches the real disk.
import { posix } from 'node:path';

const BASE_DIRS = [
  '/',
  '/bin',
  '/dev',
  '/etc',
  '/home',
  '/proc',
  '/root',
  '/sbin',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/local',
  '/var',
  '/var/log',
  '/var/run',
];

export interface DirEntry {
  name: string;
  dir: boolean;
}

export class ContainerFs {
  /** Absolute path → content; tests may seed or inspect it directly. */
  readonly files = new Map<string, Buffer>();
  private readonly dirs = new Set<string>(BASE_DIRS);
  private readonly mtimes = new Map<string, number>();
  private readonly born: number;

  constructor(private readonly now: () => number) {
    this.born = now();
  }

  /** An absolute, normalised path (string manipulation only). */
  static resolve(cwd: string, path: string): string {
    return posix.resolve(cwd, path);
  }

  isFile(path: string): boolean {
    return this.files.has(path) || path === '/dev/null';
  }

  isDir(path: string): boolean {
    if (this.dirs.has(path)) return true;
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }

  exists(path: string): boolean {
    return this.isFile(path) || this.isDir(path);
  }

  read(path: string): Buffer | undefined {
    if (path === '/dev/null') return Buffer.alloc(0);
    return this.files.get(path);
  }

  write(path: string, data: Buffer): void {
    if (path === '/dev/null') return;
    this.files.set(path, data);
    this.mtimes.set(path, this.now());
  }

  mkdir(path: string): void {
    this.dirs.add(path);
    this.mtimes.set(path, this.now());
  }

  remove(path: string): void {
    this.files.delete(path);
    this.dirs.delete(path);
    this.mtimes.delete(path);
  }

  /** Removes a directory and everything under it. */
  removeTree(path: string): void {
    const prefix = `${path}/`;
    for (const file of [...this.files.keys()]) if (file.startsWith(prefix)) this.remove(file);
    for (const dir of [...this.dirs]) if (dir.startsWith(prefix)) this.dirs.delete(dir);
    this.remove(path);
  }

  mtime(path: string): number {
    return this.mtimes.get(path) ?? this.born;
  }

  /** Direct children of a directory, sorted by name. */
  list(dir: string): DirEntry[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const found = new Map<string, boolean>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) found.set(rest, found.get(rest) ?? false);
      else found.set(rest.slice(0, slash), true);
    }
    for (const d of this.dirs) {
      if (d === dir || !d.startsWith(prefix)) continue;
      const rest = d.slice(prefix.length);
      found.set(rest.split('/')[0] ?? rest, true);
    }
    return [...found].map(([name, isDir]) => ({ name, dir: isDir })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Every path under `dir` (files and directories), depth first, for `find`. */
  walk(dir: string): DirEntry[] {
    const out: DirEntry[] = [];
    for (const child of this.list(dir)) {
      const path = dir === '/' ? `/${child.name}` : `${dir}/${child.name}`;
      out.push({ name: path, dir: child.dir });
      if (child.dir) out.push(...this.walk(path));
    }
    return out;
  }
}
