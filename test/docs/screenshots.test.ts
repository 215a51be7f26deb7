// The README's screenshots come from a clean seed: what they show holds no hostile-input fixture (no `xss`
// namespace, no `evil` workload, no markup payload), and the script that makes them still runs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DOCS, shoot } from './screenshots.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the README screenshots', () => {
  it('are shot from a seed without the hostile-input fixture, under the names the README uses', async () => {
    dir = mkdtempSync(join(tmpdir(), 'clopus-shots-'));

    const shots = await shoot(dir);

    expect(shots.map((s) => s.file)).toEqual([
      join(dir, 'dashboard-overview.png'),
      join(dir, 'dashboard-incident.png'),
    ]);
    for (const shot of shots) {
      expect(readFileSync(shot.file).subarray(0, 8)).toEqual(PNG);
      expect(shot.text).toContain('prod-eu-west-1');
      expect(shot.text).not.toMatch(/xss|evil|<script|onerror|<img|alert\(/i);
    }
    expect(shots[0]!.text).toMatch(/Overview/);
    expect(readFileSync(join(DOCS, '..', 'README.md'), 'utf8')).toContain('](docs/dashboard-overview.png)');
  }, 60_000);
});
