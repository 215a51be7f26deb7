// htmx, read once from its npm package: the dashboard serves it itself, so a page never loads code from elsewhere.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: string | undefined;

export function htmxSource(): string {
  cached ??= readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');
  return cached;
}
