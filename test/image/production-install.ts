// What the image's runtime stage holds, laid out in a temporary folder: package.json, bin/, a fresh build of dist/,
// and the production packages of package-lock.json — the set `npm ci` then `npm prune --omit=dev` leaves — linked
// from the checkout's node_modules (a real `npm ci --omit=dev` compiles better-sqlite3: minutes, not seconds).
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

interface LockEntry {
  dev?: boolean;
  optional?: boolean;
  link?: boolean;
}

export interface ProductionInstall {
  /** Lockfile paths (node_modules/…) of the packages laid out. */
  packages: string[];
  /** Optional packages for other platforms, absent here as they would be in the image. */
  otherPlatforms: string[];
}

/** Links (or copies, across devices) a package folder's files, without its nested node_modules. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry === 'node_modules') continue;
    const src = join(from, entry);
    const dst = join(to, entry);
    const stat = lstatSync(src);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (stat.isDirectory()) linkTree(src, dst);
    else {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    }
  }
}

/** Lays out the runtime stage's files under `app`, building dist/ with the build script's tsconfig. */
export async function productionInstall(
  repo: string,
  app: string,
  opts: { timeoutMs?: number } = {},
): Promise<ProductionInstall> {
  mkdirSync(app, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(repo, file), join(app, file));
  cpSync(join(repo, 'bin'), join(app, 'bin'), { recursive: true });
  await execa(
    process.execPath,
    [
      join(repo, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(repo, 'tsconfig.build.json'),
      '--outDir',
      join(app, 'dist'),
    ],
    { cwd: repo, timeout: opts.timeoutMs ?? 120_000 },
  );

  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const result: ProductionInstall = { packages: [], otherPlatforms: [] };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || entry.dev || entry.link) continue;
    if (!existsSync(join(repo, path))) {
      if (!entry.optional)
        throw new Error(`${path} is a production package but is not installed in the checkout: run npm ci`);
      result.otherPlatforms.push(path);
      continue;
    }
    linkTree(join(repo, path), join(app, path));
    result.packages.push(path);
  }
  return result;
}
