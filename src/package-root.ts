// Files that ship beside the code (package.json, bin/): found by walking up from this module to clopus's own
// package.json, so the path holds from src/, dist/ and bin/clopus.js's compiled cache alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function isClopus(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'clopus';
  } catch {
    return false;
  }
}

/** The directory holding clopus's package.json. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (isClopus(dir)) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`no package.json of clopus above ${fileURLToPath(import.meta.url)}`);
  }
}

/** A path inside the package, e.g. packagePath('bin', 'clopus.js'). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
