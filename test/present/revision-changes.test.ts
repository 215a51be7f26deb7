// What a revised proposal changed against the one it replaced, read from their two diffs against the live state.
import { describe, expect, it } from 'vitest';
import { REVISION_CHANGE_LINES, revisionChanges } from '../../src/present/index.js';

const diff = (limit: string, extra: string[] = []): string =>
  [
    '1. patch_workload Deployment shop/cache',
    'class: resources · changes: spec.template.spec.containers[cache].resources.limits.memory',
    '--- deployment/cache\tcurrent',
    '+++ deployment/cache\tafter the patch (server dry run)',
    '@@ -21,5 +21,5 @@',
    '           resources:',
    '             limits:',
    '-              memory: 64Mi',
    `+              memory: ${limit}`,
    '           terminationMessagePath: /dev/termination-log',
    ...extra,
  ].join('\n');

describe('revisionChanges', () => {
  it('names the lines the revision dropped and the ones it brought, ignoring what both say about the live state', () => {
    expect(revisionChanges(diff('128Mi'), diff('256Mi'))).toEqual(['- memory: 128Mi', '+ memory: 256Mi']);
  });

  it('is empty when both proposals change the same lines', () => {
    expect(revisionChanges(diff('128Mi'), diff('128Mi').replace('@@ -21,5', '@@ -22,5'))).toEqual([]);
  });

  it('shows a new action and its command', () => {
    const next = diff('128Mi', ['2. exec in shop/cache-1/cache', '$ redis-cli MEMORY PURGE']);

    expect(revisionChanges(diff('128Mi'), next)).toEqual([
      '+ 2. exec in shop/cache-1/cache',
      '+ $ redis-cli MEMORY PURGE',
    ]);
  });

  it('caps a long change, saying how much more there is', () => {
    const many = (n: string) =>
      diff(
        '128Mi',
        Array.from({ length: 60 }, (_, i) => `+  key${i}: ${n}`),
      );

    const lines = revisionChanges(many('a'), many('b'));

    expect(lines).toHaveLength(REVISION_CHANGE_LINES);
    expect(lines.at(-1)).toBe(`… and ${120 - (REVISION_CHANGE_LINES - 1)} more changed lines`);
  });
});
