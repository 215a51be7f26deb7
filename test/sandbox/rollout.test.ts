// The sandbox's stand-in for the Deployment controller: a template change rolls out to new Running, Ready pods.
import { describe, expect, it } from 'vitest';
import { ClusterState, deployment, rollout } from '../../src/sandbox/index.js';

const imageOf = (cluster: ClusterState) =>
  (cluster.get('Deployment', 'shop', 'web')?.spec as any).template.spec.containers[0].image;
const setImage = (cluster: ClusterState, image: string) =>
  cluster.update('Deployment', 'shop', 'web', (d) => {
    (d.spec as any).template.spec.containers[0].image = image;
  });

describe('rollout', () => {
  it('rolling back to an earlier template scales that template’s ReplicaSet up again, as the controller does', () => {
    const cluster = new ClusterState();
    const first = deployment(cluster, { namespace: 'shop', name: 'web', replicas: 2, image: 'example/web:1.0' });
    setImage(cluster, 'example/web:1.1-typo');
    rollout(cluster, 'shop', 'web');
    setImage(cluster, 'example/web:1.0');

    const back = rollout(cluster, 'shop', 'web');

    expect(imageOf(cluster)).toBe('example/web:1.0');
    expect(back?.replicaSet.metadata.name).toBe(first.replicaSet.metadata.name);
    expect(cluster.get('ReplicaSet', 'shop', first.replicaSet.metadata.name)?.spec?.replicas).toBe(2);
    expect(
      cluster.list('Pod', 'shop').map((p) => [(p.spec as any).containers[0].image, (p.status as any).phase]),
    ).toEqual([
      ['example/web:1.0', 'Running'],
      ['example/web:1.0', 'Running'],
    ]);
    expect(cluster.get('Deployment', 'shop', 'web')?.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
    });
  });
});
