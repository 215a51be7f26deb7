// Pure pieces of the dashboard: diff lines, session cookies, the `next` path, formats, and escaping by the html helper.
import { describe, expect, it } from 'vitest';
import { Sessions, tokenMatches } from '../../src/dashboard/auth/session.js';
import { isLoopback } from '../../src/dashboard/index.js';
import { NextPath } from '../../src/dashboard/schema.js';
import { classifyDiff } from '../../src/dashboard/views/detail/diff.js';
import { targetText } from '../../src/dashboard/views/detail/json-detail.js';
import { duration, relative } from '../../src/dashboard/views/format.js';
import { html } from '../../src/dashboard/views/html.js';

describe('classifyDiff', () => {
  it('tells titles, headers, hunks, additions, removals and notes apart', () => {
    const text = [
      '1. edit_file /etc/app.conf in shop/web-1/web',
      'note: new file',
      '--- a/etc/app.conf\tcurrent',
      '+++ b/etc/app.conf\tproposed',
      '@@ -1,2 +1,2 @@',
      ' keep',
      '--- removed line that looks like a header',
      '+++ added line that looks like a header',
      '\\ No newline at end of file',
      '… 12 more lines',
      '',
      '2. exec in shop/web-1/web',
      '$ nginx -s reload',
    ].join('\n');

    expect(classifyDiff(text).map((l) => l.kind)).toEqual([
      'title',
      'note',
      'file',
      'file',
      'hunk',
      'ctx',
      'del',
      'add',
      'meta',
      'meta',
      'ctx',
      'title',
      'ctx',
    ]);
  });
});

describe('session cookies', () => {
  const token = 'a-token-of-sixteen-chars';
  let now = new Date('2026-03-02T08:00:00Z');
  const clock = () => now;

  it('accept their own value until they expire, and nothing else', () => {
    const sessions = new Sessions(token, clock);
    const value = sessions.issue();
    const valid = sessions.valid(value);
    const otherToken = new Sessions('another-token-of-16-chars', clock).valid(value);
    const [tampered, missing] = [sessions.valid(`${value}x`), sessions.valid(undefined)];
    now = new Date(now.getTime() + 13 * 3600_000);
    const expired = sessions.valid(value);

    expect(value).not.toContain(token);
    expect([valid, otherToken, tampered, missing, expired]).toEqual([true, false, false, false, false]);
  });

  it('stop working after revokeAll() and after a restart, while new ones work', () => {
    const sessions = new Sessions(token, clock);
    const before = sessions.issue();
    const restarted = new Sessions(token, clock).valid(before);

    sessions.revokeAll();

    expect([restarted, sessions.valid(before), sessions.valid(sessions.issue())]).toEqual([false, false, true]);
  });

  it('compares tokens of any length', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
  });
});

describe('where to go after signing in', () => {
  it.each([
    ['/incidents/1', '/incidents/1'],
    ['/incidents?state=open&q=%C3%A9#top', '/incidents?state=open&q=%C3%A9#top'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/a\\b', '/'],
    ['/\t/evil.example', '/'],
    ['/\r\nSet-Cookie:x', '/'],
    ['\r\nSet-Cookie:x', '/'],
    ['/\x00', '/'],
    ['/€', '/'],
    ['https://evil.example/', '/'],
    ['incidents', '/'],
    ['', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('NextPath(%j) is %j', (given, expected) => {
    expect(NextPath.parse(given)).toBe(expected);
  });
});

describe('helpers', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['dashboard.example', false],
  ])('isLoopback(%s) is %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });

  it('escapes every interpolated string, including in attributes', () => {
    const evil = `"><script>alert(1)</script>`;

    expect(String(html`<a title="${evil}">${evil}</a>`)).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>',
    );
  });

  it('reads applied-action targets', () => {
    expect(targetText('{"namespace":"shop","kind":"Deployment","name":"web"}')).toBe('Deployment shop/web');
    expect(targetText('shop/web-1/web:/etc/app.conf')).toBe('shop/web-1/web:/etc/app.conf');
  });

  it('formats durations and relative times', () => {
    const now = new Date('2026-03-02T08:00:00Z');

    expect([duration(740), duration(2400), duration(200_000), duration(7_500_000)]).toEqual([
      '740 ms',
      '2.4 s',
      '3 min 20 s',
      '2 h 5 min',
    ]);
    expect(
      [
        '2026-03-02T07:59:30Z',
        '2026-03-02T07:15:00Z',
        '2026-03-02T01:00:00Z',
        '2026-02-27T08:00:00Z',
        '2026-01-01T00:00:00Z',
      ].map((t) => relative(t, now)),
    ).toEqual(['just now', '45 min ago', '7 h ago', '3 d ago', '2026-01-01']);
  });
});
