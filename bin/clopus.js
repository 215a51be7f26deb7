#!/usr/bin/env node
// An installed package or the image has only dist/ and runs the compiled CLI. A checkout runs the TypeScript source
// through tsx, so it is never stale — unless a build (npm run build) is newer than every file under src/, in which
// case dist/ is the same code and starts several times faster (no loader hooks compiling on the fly).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'index.ts');
const built = join(root, 'dist', 'cli', 'index.js');

/** Whether any file under `dir` was modified after `since` (ms); stops at the first. */
function changedSince(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(path, since) : statSync(path).mtimeMs > since) return true;
  }
  return false;
}

const checkout = existsSync(source) && existsSync(join(root, 'node_modules', 'tsx'));
if (checkout && !(existsSync(built) && !changedSince(join(root, 'src'), statSync(built).mtimeMs))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(built).href);
}
