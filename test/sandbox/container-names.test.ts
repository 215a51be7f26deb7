// Container names are unique across containers and initContainers, as the API server's pod validation checks
// (containers first, then each init container against every name so far), on every write, dry runs included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployment, type Sandbox, startSandbox, statefulSet } from '../../src/sandbox/index.js';

let sb: Sandbox;

beforeEach(async () => {
  sb = await startSandbox();
  deployment(sb.cluster, { namespace: 'shop', name: 'api', image: 'example/api:1.0' });
  statefulSet(sb.cluster, { namespace: 'shop', name: 'db', image: 'example/db:1.0' });
});

afterEach(async () => {
  await sb.stop();
});

async function call(
  method: string,
  path: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: any }> {
  const res = await fetch(sb.url + path, {
    method,
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const initNamed = (name: string) => ({
  spec: { template: { spec: { initContainers: [{ name, image: 'busybox:1.36' }] } } },
});

describe('duplicate container names', () => {
  it.each([
    ['a patch', 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/api', 'Deployment.apps "api"'],
    ['a dry-run patch', 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/api?dryRun=All', 'Deployment.apps "api"'],
    [
      'a StatefulSet patch',
      'PATCH',
      '/apis/apps/v1/namespaces/shop/statefulsets/db?dryRun=All&fieldValidation=Strict',
      'StatefulSet.apps "db"',
    ],
  ])('are refused on %s, naming the init container', async (_what, method, path, object) => {
    const container = path.includes('statefulsets') ? 'db' : 'api';

    const res = await call(method, path, initNamed(container), 'application/strategic-merge-patch+json');

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      reason: 'Invalid',
      message: `${object} is invalid: spec.template.spec.initContainers[0].name: Duplicate value: "${container}"`,
      details: {
        causes: [
          {
            reason: 'FieldValueDuplicate',
            message: `Duplicate value: "${container}"`,
            field: 'spec.template.spec.initContainers[0].name',
          },
        ],
      },
    });
  });

  it('are refused on create and update, and between two init containers', async () => {
    const manifest = (inits: string[]) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.27' }],
            initContainers: inits.map((name) => ({ name, image: 'busybox:1.36' })),
          },
        },
      },
    });
    const stored = sb.cluster.get('Deployment', 'shop', 'api')!;
    (stored.spec as any).template.spec.initContainers = [{ name: 'api', image: 'busybox:1.36' }];

    const created = await call('POST', '/apis/apps/v1/namespaces/shop/deployments', manifest(['migrate', 'migrate']));
    const replaced = await call('PUT', '/apis/apps/v1/namespaces/shop/deployments/api', stored);

    expect(created.body.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.spec.initContainers[1].name: Duplicate value: "migrate"',
    );
    expect(replaced.body.message).toBe(
      'Deployment.apps "api" is invalid: spec.template.spec.initContainers[0].name: Duplicate value: "api"',
    );
    expect(sb.cluster.get('Deployment', 'shop', 'web')).toBeUndefined();
    expect((sb.cluster.get('Deployment', 'shop', 'api')?.spec as any).template.spec.initContainers).toBeUndefined();
  });

  it('allows distinct names', async () => {
    const res = await call(
      'PATCH',
      '/apis/apps/v1/namespaces/shop/deployments/api',
      initNamed('migrate'),
      'application/strategic-merge-patch+json',
    );

    expect(res.status).toBe(200);
  });
});
