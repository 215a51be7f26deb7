import { describe, expect, it } from 'vitest';
import type { WorkloadRef } from '../../src/core/index.js';
import { parsePod } from '../../src/core/pod.js';
import { fingerprint, inferWorkload, ownerOf, workloadLabel } from '../../src/core/workload.js';
import { podJson } from './fixtures.js';

describe('inferWorkload', () => {
  it.each<[label: string, pod: Record<string, unknown>, expected: WorkloadRef]>([
    ['a Deployment replica', podJson(), { kind: 'Deployment', name: 'api' }],
    [
      'a Deployment whose name has dashes',
      podJson({
        owner: { kind: 'ReplicaSet', name: 'payments-worker-5c8d7f9b4' },
        labels: { app: 'payments-worker', 'pod-template-hash': '5c8d7f9b4' },
      }),
      { kind: 'Deployment', name: 'payments-worker' },
    ],
    [
      'a hand-made ReplicaSet (no pod-template-hash)',
      podJson({ owner: { kind: 'ReplicaSet', name: 'legacy-rs' }, labels: { app: 'legacy' } }),
      { kind: 'ReplicaSet', name: 'legacy-rs' },
    ],
    [
      'a ReplicaSet whose name does not end in the hash',
      podJson({ owner: { kind: 'ReplicaSet', name: 'api-canary' }, labels: { 'pod-template-hash': '7d9f8b6c5d' } }),
      { kind: 'ReplicaSet', name: 'api-canary' },
    ],
    [
      'a CronJob-looking Job',
      podJson({
        owner: { kind: 'Job', name: 'nightly-report-28571520' },
        labels: { 'job-name': 'nightly-report-28571520' },
      }),
      { kind: 'Job', name: 'nightly-report-28571520' },
    ],
    [
      'a StatefulSet',
      podJson({ owner: { kind: 'StatefulSet', name: 'postgres' }, name: 'postgres-0' }),
      { kind: 'StatefulSet', name: 'postgres' },
    ],
    [
      'a DaemonSet',
      podJson({ owner: { kind: 'DaemonSet', name: 'node-exporter' }, name: 'node-exporter-8xk2p' }),
      { kind: 'DaemonSet', name: 'node-exporter' },
    ],
    ['a bare pod', podJson({ owner: null, name: 'debug' }), { kind: 'Pod', name: 'debug' }],
  ])('maps %s', (_label, raw, expected) => {
    const pod = parsePod(raw);

    const workload = inferWorkload(ownerOf(pod), pod);

    expect(workload).toEqual(expected);
  });
});

describe('ownerOf', () => {
  it('treats a static pod (owned by its Node) as a bare pod', () => {
    const pod = parsePod(
      podJson({ owner: { kind: 'Node', name: 'worker-2' }, name: 'kube-apiserver-worker-2', namespace: 'kube-system' }),
    );

    const owner = ownerOf(pod);

    expect(owner).toEqual({ kind: 'Pod', name: 'kube-apiserver-worker-2' });
  });
});

describe('fingerprint', () => {
  it('joins the parts in a stable order, with - for a pod-level reason', () => {
    const parts = {
      cluster: 'prod-eu',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'api',
      reason: 'Unschedulable' as const,
    };

    const withContainer = fingerprint({ ...parts, container: 'app', reason: 'CrashLoopBackOff' });
    const podLevel = fingerprint({ ...parts, container: null });

    expect(withContainer).toBe('prod-eu/shop/Deployment/api/app/CrashLoopBackOff');
    expect(podLevel).toBe('prod-eu/shop/Deployment/api/-/Unschedulable');
  });

  it('keeps a slash in a cluster name from shifting the parts', () => {
    const id = fingerprint({
      cluster: 'gke/eu',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'api',
      container: 'app',
      reason: 'OOMKilled',
    });

    expect(id.split('/')).toHaveLength(6);
  });
});

describe('workloadLabel', () => {
  it('names a workload the way kubectl does', () => {
    const label = workloadLabel({ kind: 'Deployment', name: 'api' });

    expect(label).toBe('deployment/api');
  });
});
