// Kubernetes' own namespaces and the bot's own are never watched by `all` or a glob, only when named exactly:
// the matcher alone, and the detector watching a sandbox cluster-wide.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { namespaceMatcher, ownNamespace, SYSTEM_NAMESPACES } from '../../src/config/namespaces.js';
import { crashLoop, deployment } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../helpers/bot.js';
import { waitFor } from '../helpers/wait.js';

const all = { include: 'all' as const, exclude: [] };

describe('namespaceMatcher and the reserved namespaces', () => {
  it.each([
    ['all', all, 'shop', true],
    ['all', all, 'kube-system', false],
    ['all', all, 'kube-public', false],
    ['all', all, 'kube-node-lease', false],
    ['all', all, 'clopus', false],
    ['a glob', { include: ['kube-*'], exclude: [] }, 'kube-system', false],
    ['a glob', { include: ['*'], exclude: [] }, 'clopus', false],
    ['the exact name', { include: ['kube-system', 'shop'], exclude: [] }, 'kube-system', true],
    ['the exact name beside a glob', { include: ['*', 'kube-public'], exclude: [] }, 'kube-public', true],
    ['the exact name beside a glob', { include: ['*', 'kube-public'], exclude: [] }, 'kube-system', false],
    ["the bot's own name", { include: ['clopus'], exclude: [] }, 'clopus', true],
    ['the exact name, excluded too', { include: ['kube-system'], exclude: ['kube-*'] }, 'kube-system', false],
    ['the default default', all, 'default', true],
  ])('%s: %j watches %s → %s (own namespace clopus)', (_, ns, name, expected) => {
    expect(namespaceMatcher(ns, { own: 'clopus' })(name)).toBe(expected);
  });

  it('lists the reserved namespaces, and keeps exactly named ones in the per-namespace watch list', () => {
    const matcher = namespaceMatcher({ include: ['kube-system', 'shop'], exclude: [] }, { own: 'ops' });

    expect(matcher.reserved).toEqual([...SYSTEM_NAMESPACES, 'ops']);
    expect(matcher.exact).toEqual(['kube-system', 'shop']);
    expect(namespaceMatcher(all, { own: null }).reserved).toEqual([...SYSTEM_NAMESPACES]);
    expect(namespaceMatcher(all, { own: null })('clopus')).toBe(true);
  });

  it('finds its own namespace in POD_NAMESPACE, else in the service account namespace file, else nowhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clopus-ns-'));
    const file = join(dir, 'namespace');
    writeFileSync(file, 'platform\n');

    try {
      expect(ownNamespace({ POD_NAMESPACE: 'clopus' }, file)).toBe('clopus');
      expect(ownNamespace({}, file)).toBe('platform');
      expect(ownNamespace({ POD_NAMESPACE: ' ' }, file)).toBe('platform');
      expect(ownNamespace({}, join(dir, 'absent'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the detector with namespaces=all', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    vi.unstubAllEnvs();
  });

  const crash = (harness: Harness, namespace: string, name: string): void => {
    const { pods } = deployment(harness.sandbox.cluster, { namespace, name, replicas: 1 });
    crashLoop(harness.sandbox.cluster, namespace, pods[0]!.metadata.name, { restarts: 6 });
  };
  const incidents = (harness: Harness) =>
    harness.store
      .listIncidents({ limit: 100, offset: 0 })
      .items.map((i) => `${i.namespace}/${i.workloadName}`)
      .sort();

  it('opens no incident for pods crash-looping in kube-system, kube-public, kube-node-lease or its own namespace', async () => {
    vi.stubEnv('POD_NAMESPACE', 'clopus');
    h = await startHarness({ CLOPUS_NAMESPACES: 'all' });
    // Some are there at the first list, some only arrive as watch events.
    crash(h, 'kube-system', 'coredns');
    crash(h, 'clopus', 'clopus-diagnosis');
    await h.detector.start();
    crash(h, 'kube-public', 'probe');
    crash(h, 'kube-node-lease', 'lease-agent');
    crash(h, 'shop', 'api');

    await waitFor(() => incidents(h!).length > 0);
    await h.detector.rescan();
    await h.detector.idle();

    expect(incidents(h)).toEqual(['shop/api']);
    expect(h.detector.health().scopes).toEqual(['*']);
    expect(h.detector.findings().map((f) => f.namespace)).toEqual(['shop']);
  });

  it('watches kube-system when CLOPUS_NAMESPACES names it', async () => {
    h = await startHarness({ CLOPUS_NAMESPACES: 'kube-system,shop' });
    crash(h, 'kube-system', 'coredns');
    crash(h, 'shop', 'api');

    await h.detector.start();
    await waitFor(() => incidents(h!).length === 2);

    expect(incidents(h)).toEqual(['kube-system/coredns', 'shop/api']);
  });
});
