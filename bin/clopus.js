#!/usr/bin/env node
// Which code runs:
// - an installed package or the image has only dist/ and runs the compiled CLI;
// - a checkout whose build (npm run build) is newer than every file under src/ runs dist/, the same code;
// - any other checkout runs src/ compiled by esbuild (plain transpilation, the same transform tsx applies) into
//   node_modules/.cache/clopus/, rebuilt in a fraction of a second whenever a file under src/ is newer than the
//   cache. Plain JavaScript starts several times faster than tsx's loader hooks compiling on the fly; a build that
//   cannot be written (a read-only checkout) falls back to tsx.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const built = join(root, 'dist', 'cli', 'index.js');
const cache = join(root, 'node_modules', '.cache', 'clopus');
const pointer = join(cache, 'current');

/** Every .ts file under `dir`, and the newest mtime among the files and directories there. */
function scan(dir, found = { files: [], newest: 0 }) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    found.newest = Math.max(found.newest, statSync(path).mtimeMs); // a directory's changes when a file comes or goes
    if (entry.isDirectory()) scan(path, found);
    else if (entry.name.endsWith('.ts')) found.files.push(path);
  }
  return found;
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : -1);

/** The cached build's directory when it was compiled from a src/ no older than `newest`, else undefined. */
function cached(newest) {
  if (!existsSync(pointer)) return undefined;
  const [name, compiledFrom] = readFileSync(pointer, 'utf8').trim().split(' ');
  const dir = join(cache, name);
  return Number(compiledFrom) >= newest && existsSync(join(dir, 'cli', 'index.js')) ? dir : undefined;
}

/** Compiles `files` (as of `newest`) into a fresh directory of the cache and points `current` at it, atomically. */
async function build(files, newest) {
  const { build: esbuild } = await import('esbuild');
  const name = `build-${Date.now()}-${process.pid}`;
  const tmp = join(cache, `.tmp-${name}`);
  mkdirSync(tmp, { recursive: true });
  await esbuild({
    entryPoints: files,
    outbase: src,
    outdir: tmp,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
  });
  renameSync(tmp, join(cache, name));
  writeFileSync(`${pointer}.${process.pid}`, `${name} ${newest}`);
  renameSync(`${pointer}.${process.pid}`, pointer);
  // Builds replaced ten minutes ago are no longer being loaded by anyone. Another process building at the same time
  // may rename or remove an entry between the listing and the look at it: that is no reason to fail this build.
  for (const old of readdirSync(cache)) {
    if (old === name || old === 'current' || old.startsWith('current.')) continue;
    const path = join(cache, old);
    try {
      if (Date.now() - statSync(path).mtimeMs > 600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
  return join(cache, name);
}

async function entry() {
  if (!existsSync(join(src, 'cli', 'index.ts')) || !existsSync(join(root, 'node_modules', 'esbuild'))) return built;
  const { files, newest } = scan(src);
  if (mtime(built) > newest) return built;
  const fresh = cached(newest);
  if (fresh) return join(fresh, 'cli', 'index.js');
  try {
    return join(await build(files, newest), 'cli', 'index.js');
  } catch (err) {
    if (!existsSync(join(root, 'node_modules', 'tsx'))) throw err;
    process.stderr.write(
      `clopus: running the source through tsx (could not compile into ${relative(process.cwd(), cache)}: ${err.message})\n`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    return join(src, 'cli', 'index.ts');
  }
}

await import(pathToFileURL(await entry()).href);
