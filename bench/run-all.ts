// Runs every benchmark in its own process, one after another (they would disturb each other's figures), then
// writes the table of results into bench/README.md and the README.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeReport } from './report.js';

rmSync(join(import.meta.dirname, 'out'), { recursive: true, force: true });
for (const script of [
  'bench:detect',
  'bench:recovery',
  'bench:rescan',
  'bench:rss',
  'bench:slack',
  'bench:dashboard',
  'bench:envelope',
  'bench:cli',
  'bench:gitops',
  'bench:revision',
]) {
  await execa('npm', ['run', '--silent', script], { stdio: 'inherit' });
}
writeReport();
