// What counts as "changed" decides what the envelope judges: named lists by name, deletions and empty objects
// included, bookkeeping and status left out.
import { describe, expect, it } from 'vitest';
import { changedPaths, parseImage } from '../../../src/planner/envelope/index.js';

describe('changedPaths', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['a leaf', { spec: { replicas: 1 } }, { spec: { replicas: 2 } }, ['spec.replicas']],
    [
      'containers matched by name, not position',
      {
        c: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
      {
        c: [
          { name: 'b', image: 'z' },
          { name: 'a', image: 'x' },
        ],
      },
      ['c[b].image'],
    ],
    [
      'a deleted field',
      { s: { allowPrivilegeEscalation: false, runAsUser: 1 } },
      { s: { runAsUser: 1 } },
      ['s.allowPrivilegeEscalation'],
    ],
    [
      'an added subtree, leaf by leaf',
      { s: {} },
      { s: { volumes: [{ name: 'v', secret: { secretName: 'x' } }] } },
      ['s.volumes[v].name', 's.volumes[v].secret.secretName'],
    ],
    ['an empty object appearing', { v: {} }, { v: { emptyDir: {} } }, ['v.emptyDir']],
    ['an unnamed list by index', { args: ['a'] }, { args: ['a', 'b'] }, ['args[1]']],
    ['a type change', { x: 'a' }, { x: { y: 1 } }, ['x']],
    [
      'status and bookkeeping ignored',
      { metadata: { resourceVersion: '1', generation: 1 }, status: { a: 1 } },
      { metadata: { resourceVersion: '2', generation: 2 }, status: { a: 2 } },
      [],
    ],
  ])('%s', (_name, before, after, paths) => {
    expect(changedPaths(before, after)).toEqual(paths);
  });
});

describe('parseImage', () => {
  it.each<[string, string | undefined]>([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1.27', 'docker.io/library/nginx'],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx'],
    ['envoyproxy/envoy:v1.30.1', 'docker.io/envoyproxy/envoy'],
    ['registry.example.com:5000/shop/web@sha256:' + 'a'.repeat(64), 'registry.example.com:5000/shop/web'],
    ['localhost/app:dev', 'localhost/app'],
    ['Registry.Example.com/shop/web:1', 'registry.example.com/shop/web'],
    ['shop/Web:1', undefined],
    ['web:tag with space', undefined],
    ['', undefined],
  ])('%s', (ref, repo) => {
    const parsed = parseImage(ref);
    expect(parsed ? `${parsed.host}/${parsed.repository}` : undefined).toBe(repo);
  });
});
