// StatefulSets and DaemonSets as their controllers keep them: a ControllerRevision per template, pods labelled
// with the revision they run, and a status that reads "updated" only once the pods really were replaced.
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autoRollout,
  daemonSet,
  daemonSetStep,
  notReady,
  recover,
  rolloutSet,
  type Sandbox,
  simulate,
  startSandbox,
  statefulSet,
  statefulSetStep,
} from '../../src/sandbox/index.js';
import { settle } from '../helpers/wait.js';
import { until } from './clients.js';

const smp = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const image = (name: string, tag: string) => ({
  spec: { template: { spec: { containers: [{ name, image: `example/${name}:${tag}` }] } } },
});

let sb: Sandbox;
let apps: AppsV1Api;

beforeEach(async () => {
  sb = await startSandbox();
  apps = sb.kubeConfig().makeApiClient(AppsV1Api);
});

afterEach(async () => {
  await sb.stop();
});

const podsOf = (ns: string, prefix: string) =>
  sb.cluster.list('Pod', ns).filter((p) => p.metadata.name.startsWith(prefix));
const imagesOf = (ns: string, prefix: string) =>
  podsOf(ns, prefix).map((p) => [p.metadata.name, (p.spec as any).containers[0].image]);

describe('StatefulSet', () => {
  beforeEach(() => {
    statefulSet(sb.cluster, {
      namespace: 'data',
      name: 'db',
      replicas: 3,
      image: 'example/db:1.0',
      files: { '/var/lib/db/data': 'rows\n' },
    });
  });

  it('records its template as a ControllerRevision its pods name, listable by the template labels', async () => {
    const revisions = await apps.listNamespacedControllerRevision({ namespace: 'data', labelSelector: 'app=db' });
    const sts = await apps.readNamespacedStatefulSet({ namespace: 'data', name: 'db' });

    const rev = revisions.items[0]!;
    expect(revisions.items).toHaveLength(1);
    expect(rev.revision).toBe(1);
    expect(rev.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'StatefulSet', name: 'db', uid: sts.metadata?.uid, controller: true }),
    ]);
    expect(rev.metadata?.labels).toEqual({
      app: 'db',
      'controller.kubernetes.io/hash': rev.metadata?.name?.replace('db-', ''),
    });
    expect((rev.data as any).spec.template).toMatchObject({
      $patch: 'replace',
      metadata: { labels: { app: 'db' } },
      spec: { containers: [{ name: 'db', image: 'example/db:1.0' }] },
    });
    expect(sts.status).toMatchObject({
      currentRevision: rev.metadata?.name,
      updateRevision: rev.metadata?.name,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      observedGeneration: 1,
    });
    expect(podsOf('data', 'db-').map((p) => p.metadata.labels?.['controller-revision-hash'])).toEqual([
      rev.metadata?.name,
      rev.metadata?.name,
      rev.metadata?.name,
    ]);
  });

  it('is not updated after a template patch until its pods are replaced, highest ordinal first, keeping their volumes', async () => {
    const first = sb.cluster.get('StatefulSet', 'data', 'db')?.status?.currentRevision;
    await apps.patchNamespacedStatefulSet({ namespace: 'data', name: 'db', body: image('db', '1.1') }, smp);
    const unobserved = sb.cluster.get('StatefulSet', 'data', 'db')!;

    const step = statefulSetStep(sb.cluster, 'data', 'db');
    const midway = sb.cluster.get('StatefulSet', 'data', 'db')!;
    rolloutSet(sb.cluster, 'StatefulSet', 'data', 'db');
    const done = sb.cluster.get('StatefulSet', 'data', 'db')!;

    expect(unobserved.metadata.generation).toBe(2);
    expect(unobserved.status).toMatchObject({
      observedGeneration: 1,
      updatedReplicas: 3,
      currentRevision: first,
      updateRevision: first,
    });
    expect(step.created.map((p) => p.metadata.name)).toEqual(['db-2']);
    expect(midway.status).toMatchObject({
      observedGeneration: 2,
      currentRevision: first,
      currentReplicas: 2,
      updatedReplicas: 1,
      readyReplicas: 3,
    });
    expect(midway.status?.updateRevision).not.toBe(first);
    expect(done.status).toMatchObject({
      currentRevision: done.status?.updateRevision,
      currentReplicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      observedGeneration: 2,
    });
    expect(imagesOf('data', 'db-')).toEqual([
      ['db-0', 'example/db:1.1'],
      ['db-1', 'example/db:1.1'],
      ['db-2', 'example/db:1.1'],
    ]);
    expect(sb.cluster.files('data', 'db-0', 'db').get('/var/lib/db/data')?.toString()).toBe('rows\n');
    expect(sb.cluster.list('ControllerRevision', 'data').map((r) => r.revision)).toEqual(
      expect.arrayContaining([1, 2]),
    );
  });

  it('waits while a pod is not Ready, as the controller does, so a failing template stalls the rollout', () => {
    sb.cluster.update('StatefulSet', 'data', 'db', (s) => {
      (s.spec as any).template.spec.containers[0].image = 'example/db:1.1';
    });
    statefulSetStep(sb.cluster, 'data', 'db');
    notReady(sb.cluster, 'data', 'db-2');

    const stalled = statefulSetStep(sb.cluster, 'data', 'db');
    recover(sb.cluster, 'data', 'db-2');
    const resumed = statefulSetStep(sb.cluster, 'data', 'db');

    expect(stalled).toEqual({ created: [], changed: false, done: false });
    expect(resumed.created.map((p) => p.metadata.name)).toEqual(['db-1']);
  });

  it('updates only the ordinals from the partition up, and leaves currentRevision where it was', () => {
    const first = sb.cluster.get('StatefulSet', 'data', 'db')?.status?.currentRevision;
    sb.cluster.update('StatefulSet', 'data', 'db', (s) => {
      (s.spec as any).updateStrategy.rollingUpdate.partition = 2;
      (s.spec as any).template.spec.containers[0].image = 'example/db:1.1';
    });

    rolloutSet(sb.cluster, 'StatefulSet', 'data', 'db');

    expect(imagesOf('data', 'db-').map(([, i]) => i)).toEqual(['example/db:1.0', 'example/db:1.0', 'example/db:1.1']);
    expect(sb.cluster.get('StatefulSet', 'data', 'db')?.status).toMatchObject({
      currentRevision: first,
      currentReplicas: 2,
      updatedReplicas: 1,
    });
  });

  it('going back to an earlier template reuses its revision under the next number', () => {
    const first = sb.cluster.list('ControllerRevision', 'data')[0]!.metadata.name;
    const setImage = (tag: string) =>
      sb.cluster.update('StatefulSet', 'data', 'db', (s) => {
        (s.spec as any).template.spec.containers[0].image = `example/db:${tag}`;
      });
    setImage('1.1');
    rolloutSet(sb.cluster, 'StatefulSet', 'data', 'db');
    setImage('1.0');

    rolloutSet(sb.cluster, 'StatefulSet', 'data', 'db');

    const revisions = sb.cluster.list('ControllerRevision', 'data').map((r) => [r.metadata.name, r.revision]);
    expect(revisions).toHaveLength(2);
    expect(revisions).toContainEqual([first, 3]);
    expect(sb.cluster.get('StatefulSet', 'data', 'db')?.status).toMatchObject({
      currentRevision: first,
      updateRevision: first,
      updatedReplicas: 3,
    });
  });

  it('with autoRollout, rolls a patched template out one pod at a time', async () => {
    const stop = autoRollout(sb.cluster, { delayMs: 20 });
    const seen = new Set<number>();
    const unsubscribe = sb.cluster.subscribe((c) => {
      if (c.kind === 'StatefulSet') seen.add(Number(c.entry.obj.status?.updatedReplicas));
    });
    try {
      await apps.patchNamespacedStatefulSet({ namespace: 'data', name: 'db', body: image('db', '1.1') }, smp);

      await until(
        () =>
          sb.cluster.get('StatefulSet', 'data', 'db')?.status?.currentRevision ===
            sb.cluster.get('StatefulSet', 'data', 'db')?.status?.updateRevision &&
          sb.cluster.get('StatefulSet', 'data', 'db')?.status?.observedGeneration === 2,
      );
    } finally {
      unsubscribe();
      stop();
    }

    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(imagesOf('data', 'db-').every(([, i]) => i === 'example/db:1.1')).toBe(true);
  });
});

describe('StatefulSet under simulate', () => {
  it('recreates a deleted pod with its own files, and a template whose pods fail stops after the first pod', async () => {
    statefulSet(sb.cluster, { namespace: 'data', name: 'db', replicas: 3, image: 'example/db:1.0' });
    sb.cluster.files('data', 'db-1', 'db').set('/var/lib/db/id', Buffer.from('1\n'));
    const stop = simulate(
      sb.cluster,
      [
        {
          namespace: 'data',
          labels: { app: 'db' },
          container: 'db',
          start: ({ container }) =>
            container.image === 'example/db:bad' ? { ok: false, cause: 'crash', log: 'bad build\n' } : { ok: true },
        },
      ],
      { rolloutDelayMs: 20, retryMs: 50 },
    );
    try {
      const uid = sb.cluster.get('Pod', 'data', 'db-1')?.metadata.uid;
      sb.cluster.delete('Pod', 'data', 'db-1');
      await until(() => sb.cluster.get('Pod', 'data', 'db-1') !== undefined);
      const back = sb.cluster.get('Pod', 'data', 'db-1')!;
      await apps.patchNamespacedStatefulSet({ namespace: 'data', name: 'db', body: image('db', 'bad') }, smp);
      await until(() => (sb.cluster.get('Pod', 'data', 'db-2')?.spec as any)?.containers[0].image === 'example/db:bad');
      // Time for the rollout to go on, which it must not while db-2 crash-loops.
      await settle(300);

      expect(back.metadata.uid).not.toBe(uid);
      expect(sb.cluster.files('data', 'db-1', 'db').get('/var/lib/db/id')?.toString()).toBe('1\n');
      expect(imagesOf('data', 'db-').map(([, i]) => i)).toEqual(['example/db:1.0', 'example/db:1.0', 'example/db:bad']);
      expect((sb.cluster.get('Pod', 'data', 'db-2')?.status as any).containerStatuses[0].state.waiting.reason).toBe(
        'CrashLoopBackOff',
      );
      expect(sb.cluster.get('StatefulSet', 'data', 'db')?.status).toMatchObject({
        updatedReplicas: 1,
        readyReplicas: 2,
      });
    } finally {
      stop();
    }
  });
});

describe('DaemonSet', () => {
  beforeEach(() => {
    daemonSet(sb.cluster, { namespace: 'kube-system', name: 'agent', image: 'example/agent:1.0' });
  });

  it('bumps its template generation on a template change, in the dry-run answer too, and not on other writes', async () => {
    const dry = await apps.patchNamespacedDaemonSet(
      { namespace: 'kube-system', name: 'agent', body: image('agent', '1.1'), dryRun: 'All' },
      smp,
    );
    const labels = await apps.patchNamespacedDaemonSet(
      { namespace: 'kube-system', name: 'agent', body: { metadata: { labels: { team: 'infra' } } } },
      smp,
    );
    const real = await apps.patchNamespacedDaemonSet(
      { namespace: 'kube-system', name: 'agent', body: image('agent', '1.1') },
      smp,
    );

    const generation = (o: { metadata?: { annotations?: Record<string, string> } }) =>
      o.metadata?.annotations?.['deprecated.daemonset.template.generation'];
    expect([generation(dry), generation(labels), generation(real)]).toEqual(['2', '1', '2']);
  });

  it('counts only pods of the current template as updated, and replaces them node by node', async () => {
    await apps.patchNamespacedDaemonSet({ namespace: 'kube-system', name: 'agent', body: image('agent', '1.1') }, smp);

    const step = daemonSetStep(sb.cluster, 'kube-system', 'agent');
    const midway = sb.cluster.get('DaemonSet', 'kube-system', 'agent')!;
    rolloutSet(sb.cluster, 'DaemonSet', 'kube-system', 'agent');
    const done = sb.cluster.get('DaemonSet', 'kube-system', 'agent')!;

    expect(step.created).toHaveLength(1);
    expect(midway.status).toMatchObject({
      observedGeneration: 2,
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 1,
      numberReady: 3,
    });
    expect(done.status).toMatchObject({
      observedGeneration: 2,
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
    expect(
      podsOf('kube-system', 'agent-').map((p) => [
        (p.spec as any).containers[0].image,
        p.metadata.labels?.['pod-template-generation'],
      ]),
    ).toEqual(Array(3).fill(['example/agent:1.1', '2']));
    expect(new Set(podsOf('kube-system', 'agent-').map((p) => p.spec?.nodeName)).size).toBe(3);
    expect(
      sb.cluster
        .list('ControllerRevision', 'kube-system')
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
  });
});
