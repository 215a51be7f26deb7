// The evidence section of an incident message: however long or escape-heavy the cluster's text, it fits Slack's
// 3,000 characters, its code block closes, and the termination and the events are shown before the log tail,
// which is what gets cut.
import { describe, expect, it } from 'vitest';
import { render } from '../../src/slack/index.js';
import type { StoredEvidence } from '../../src/store/index.js';
import { texts, view } from './views.js';

const { renderIncident, LIMITS } = render;

const evidence = (overrides: Partial<StoredEvidence>): StoredEvidence => ({
  id: 1,
  incidentId: 12,
  collectedAt: 't',
  pod: 'web-1',
  container: 'app',
  state: 'waiting',
  restarts: 4,
  lastTermination: { exitCode: 2, reason: 'Error', message: 'panic: config key "pool.max" missing' },
  events: [
    { reason: 'BackOff', message: 'Back-off restarting failed container app', count: 7 },
    { reason: 'Pulled', message: 'Container image "example/web:1.8.2" already present on machine', count: 4 },
    { reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', count: 3 },
  ],
  logTail: 'starting\n',
  logsPrevious: true,
  truncated: true,
  ...overrides,
});

/** The evidence section's text as Slack receives it. */
function section(e: StoredEvidence): string {
  const msg = renderIncident(view('open', { evidence: e }));
  const found = texts(msg.blocks).find((t) => t.startsWith('*Evidence*'));
  expect(found).toBeDefined();
  return found!;
}

function expectClosedBlock(text: string): void {
  expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  expect(text).toMatch(/\n```\n[\s\S]*\n```$/);
  expect(text.match(/```/g)).toHaveLength(2);
}

describe('the evidence section', () => {
  it.each([
    // The redactor keeps a line's first 2,000 characters; escaping then may make them 10,000.
    ['a 6,000-character log line', 'x'.repeat(6_000), /\n(x{2000})…\[\+4000 chars\]\n```$/],
    [
      'a 6,000-character line that escaping makes five times longer',
      '&'.repeat(6_000),
      /\(last lines\):\n…(&amp;){400,}…\[\+4000 chars\]\n```$/,
    ],
    [
      'a 6,000-character line of angle brackets and backticks',
      '<`>'.repeat(2_000),
      /\(last lines\):\n…(&gt;&lt;`|&lt;`&gt;|`&gt;&lt;){100,}/,
    ],
  ])('with %s keeps the termination and the events, closes the code block, and shows the log tail', (_, line, tail) => {
    const text = section(evidence({ logTail: `starting\nloading config\n${line}\n` }));

    expectClosedBlock(text);
    expect(text).toContain('last termination: exit 2 (Error): panic: config key "pool.max" missing\n');
    expect(text).toContain('event BackOff ×7: Back-off restarting failed container app\n');
    expect(text).toContain('event Pulled ×4: Container image "example/web:1.8.2" already present on machine\n');
    expect(text).toContain('event Unhealthy ×3: Liveness probe failed: HTTP probe failed with statuscode: 500\n');
    expect(text.indexOf('event Unhealthy')).toBeLessThan(text.indexOf('previous container log (last lines):\n'));
    expect(text).toMatch(tail);
  });

  it('gives the log all the room the termination and the events leave', () => {
    const text = section(evidence({ logTail: `${'&'.repeat(6_000)}\n` }));

    expect(text.length).toBeGreaterThan(LIMITS.sectionText - 5);
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('keeps whole lines, newest last, when the log has many', () => {
    const lines = Array.from({ length: 15 }, (_, i) => `line ${String(i).padStart(2, '0')} ${'<&>'.repeat(60)}`);

    const text = section(evidence({ logTail: `${lines.join('\n')}\n` }));

    expectClosedBlock(text);
    const log = text.slice(text.indexOf('(last lines):\n') + '(last lines):\n'.length, -'\n```'.length);
    expect(log.startsWith('…\nline ')).toBe(true);
    expect(log).toMatch(/line 14 (&lt;&amp;&gt;){60}$/);
    expect(
      log
        .split('\n')
        .slice(1)
        .every((l) => /^line \d\d (&lt;&amp;&gt;){60}$/.test(l)),
    ).toBe(true);
  });

  it('keeps long termination messages and events from crowding out the fence', () => {
    const long = '<!channel> & '.repeat(1_000);

    const text = section(
      evidence({
        lastTermination: { exitCode: 137, reason: 'OOMKilled', message: long },
        events: [1, 2, 3, 4].map((n) => ({ reason: `R${n}`, message: long, count: n })),
        logTail: `${'&'.repeat(6_000)}\n`,
      }),
    );

    expectClosedBlock(text);
    expect(text).toContain('last termination: exit 137 (OOMKilled): &lt;!channel&gt;');
    expect(text).toContain('event R3 ×3: ');
    expect(text).not.toContain('event R4');
    expect(text).toContain('previous container log (last lines):\n…&amp;');
  });

  it('shows a short excerpt whole', () => {
    const text = section(
      evidence({ events: [], lastTermination: { exitCode: 1 }, logTail: 'line 1\npanic: nil map\n' }),
    );

    expect(text).toBe(
      '*Evidence* (web-1, redacted)\n```\nlast termination: exit 1\nprevious container log (last lines):\nline 1\npanic: nil map\n```',
    );
  });
});
