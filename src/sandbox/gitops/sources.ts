// The controller's repo server: resolves refs, keeps shallow checkouts of the commits in use under a scratch dir,
// and caches each (commit, path) rendering, so an unchanged head costs one `git ls-remote` a pass.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../types.js';
import { fetchTree, type GitContext, type GitRef, resolveRef } from './git.js';
import { render } from './render.js';
import { SyncFailure } from './run.js';

type Rendered = { objects: KubeObject[] } | { error: SyncFailure };

const RENDERS_KEPT = 100;
const CHECKOUTS_PER_REPO = 2;

export class Sources {
  private readonly renders = new Map<string, Rendered>();
  /** Checkout dirs per repository URL, oldest first. */
  private readonly checkouts = new Map<string, { sha: string; dir: string }[]>();

  constructor(
    private readonly root: string,
    private readonly git: GitContext,
    private readonly kubectl: string,
  ) {}

  /** The commit `ref` names in `url` now (one `git ls-remote`). */
  resolve(url: string, ref: GitRef): Promise<{ sha: string; fetch: string }> {
    return resolveRef(this.git, url, ref);
  }

  /** The objects `path` renders to at commit `sha` (fetched by `fetch`, a ref or the SHA itself). */
  async render(url: string, sha: string, fetch: string, path: string): Promise<KubeObject[]> {
    const key = `${url}\0${sha}\0${path}`;
    let rendered = this.renders.get(key);
    if (!rendered) {
      const dir = await this.checkout(url, sha, fetch);
      try {
        rendered = {
          objects: await render(dir, path, { kubectl: this.kubectl, scratch: this.root, signal: this.git.signal }),
        };
      } catch (err) {
        if (!(err instanceof SyncFailure) || this.git.signal.aborted) throw err;
        rendered = { error: err };
      }
      this.renders.set(key, rendered);
      for (const old of [...this.renders.keys()].slice(0, Math.max(0, this.renders.size - RENDERS_KEPT)))
        this.renders.delete(old);
    }
    if ('error' in rendered) throw rendered.error;
    return structuredClone(rendered.objects);
  }

  private async checkout(url: string, sha: string, fetch: string): Promise<string> {
    const kept = this.checkouts.get(url) ?? [];
    const found = kept.find((c) => c.sha === sha);
    if (found && existsSync(found.dir)) return found.dir;
    const dir = join(this.root, 'checkouts', `${createHash('sha256').update(url).digest('hex').slice(0, 12)}-${sha}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    let got = await fetchTree(this.git, url, fetch, dir);
    // The branch moved between ls-remote and fetch: fetch the commit itself, as the status will name it.
    if (got !== sha) {
      await rm(dir, { recursive: true, force: true });
      got = await fetchTree(this.git, url, sha, dir);
      if (got !== sha) throw new SyncFailure('source', `fetched ${got} from ${url}, expected ${sha}`);
    }
    const next = [...kept.filter((c) => c.sha !== sha), { sha, dir }];
    for (const old of next.splice(0, Math.max(0, next.length - CHECKOUTS_PER_REPO)))
      await rm(old.dir, { recursive: true, force: true });
    this.checkouts.set(url, next);
    return dir;
  }
}
