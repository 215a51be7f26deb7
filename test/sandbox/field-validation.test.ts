// Fields the schema does not declare, as a real API server treats them: fieldValidation=Strict refuses them
// (400 on create and update, 422 on the field `patch` for patches, naming every unknown field by path); Warn (the
// default) and Ignore drop them, Warn with a Warning header per field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  barePod,
  cronJobWithJob,
  daemonSet,
  deployment,
  job,
  type Sandbox,
  startSandbox,
  statefulSet,
  unknownFields,
} from '../../src/sandbox/index.js';

const DEPLOY = '/apis/apps/v1/namespaces/shop/deployments';
const SMP = 'application/strategic-merge-patch+json';

let sb: Sandbox;

beforeEach(async () => {
  sb = await startSandbox();
  deployment(sb.cluster, { namespace: 'shop', name: 'api', replicas: 1, image: 'example/api:1.0' });
});

afterEach(async () => {
  await sb.stop();
});

async function call(
  method: string,
  path: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: any; warnings: string[] }> {
  const res = await fetch(sb.url + path, {
    method,
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
  const warnings = res.headers.get('warning')?.split(/, (?=299 )/) ?? [];
  return { status: res.status, body: await res.json(), warnings };
}

const debugShell = { spec: { template: { spec: { containers: [{ name: 'api', debugShell: true }] } } } };
const containerOf = (): Record<string, unknown> =>
  (sb.cluster.get('Deployment', 'shop', 'api')?.spec as any).template.spec.containers[0];

describe('fieldValidation on patches', () => {
  it('Strict refuses an unknown field with 422 Invalid on the patch, printing it as Go does, and changes nothing', async () => {
    const before = sb.cluster.get('Deployment', 'shop', 'api')?.metadata.resourceVersion;

    const res = await call('PATCH', `${DEPLOY}/api?fieldValidation=Strict&dryRun=All`, debugShell, SMP);

    const message =
      'Invalid value: "map[spec:map[template:map[spec:map[containers:[map[debugShell:true name:api]]]]]]": strict decoding error: unknown field "spec.template.spec.containers[0].debugShell"';
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      message: ` "" is invalid: patch: ${message}`,
      details: { causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }] },
    });
    expect(sb.cluster.get('Deployment', 'shop', 'api')?.metadata.resourceVersion).toBe(before);
  });

  it('Strict names every unknown field, and a merge patch shows the patched object', async () => {
    const patch = {
      metadata: { lables: { a: 'b' } },
      spec: {
        template: {
          spec: { containers: [{ name: 'api', image: 'example/api:1.1', imagePullPolicy: 'Always', tyop: 1 }] },
        },
      },
    };

    const res = await call('PATCH', `${DEPLOY}/api?fieldValidation=Strict`, patch, 'application/merge-patch+json');

    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(
      /^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\".*": strict decoding error: unknown field "metadata.lables", unknown field "spec.template.spec.containers\[0\].tyop"$/,
    );
  });

  it('Strict on a JSON patch refuses a field added under a known object', async () => {
    const res = await call(
      'PATCH',
      `${DEPLOY}/api?fieldValidation=Strict`,
      [{ op: 'add', path: '/spec/template/spec/containers/0/resources/limit', value: { memory: '1Gi' } }],
      'application/json-patch+json',
    );

    expect(res.status).toBe(422);
    expect(res.body.message).toContain(
      'strict decoding error: unknown field "spec.template.spec.containers[0].resources.limit"',
    );
  });

  it('without fieldValidation (Warn), drops the field, answers 200 and says so in a Warning header', async () => {
    const res = await call(
      'PATCH',
      `${DEPLOY}/api`,
      { spec: { template: { spec: { containers: [{ name: 'api', debugShell: true, image: 'example/api:1.1' }] } } } },
      SMP,
    );

    expect(res.status).toBe(200);
    expect(res.warnings).toEqual(['299 - "unknown field \\"spec.template.spec.containers[0].debugShell\\""']);
    expect(res.body.spec.template.spec.containers[0]).not.toHaveProperty('debugShell');
    expect(containerOf()).toMatchObject({ image: 'example/api:1.1' });
    expect(containerOf()).not.toHaveProperty('debugShell');
  });

  it('a dry run under Warn returns the object without the field, and a patch that only adds unknown fields changes nothing', async () => {
    const before = sb.cluster.get('Deployment', 'shop', 'api');

    const dry = await call('PATCH', `${DEPLOY}/api?dryRun=All`, debugShell, SMP);
    const real = await call('PATCH', `${DEPLOY}/api`, debugShell, SMP);

    expect(dry.status).toBe(200);
    expect(dry.body.spec).toEqual(before?.spec);
    expect(real.body.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
    expect(real.body.metadata.generation).toBe(before?.metadata.generation);
  });

  it('Ignore drops the field without a warning', async () => {
    const res = await call('PATCH', `${DEPLOY}/api?fieldValidation=Ignore`, debugShell, SMP);

    expect(res.status).toBe(200);
    expect(res.warnings).toEqual([]);
    expect(containerOf()).not.toHaveProperty('debugShell');
  });

  it('refuses an unsupported directive as the options validation does', async () => {
    const res = await call('PATCH', `${DEPLOY}/api?fieldValidation=Loose`, debugShell, SMP);

    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    );
  });
});

describe('fieldValidation on create and update', () => {
  const manifest = (extra: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...extra }] },
      },
    },
  });

  it('Strict refuses a create with 400 BadRequest in the decoder words', async () => {
    const res = await call(
      'POST',
      `${DEPLOY}?fieldValidation=Strict`,
      manifest({ redinessProbe: { httpGet: { path: '/', port: 80 } } }),
    );

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].redinessProbe"',
    });
    expect(sb.cluster.get('Deployment', 'shop', 'web')).toBeUndefined();
  });

  it('Warn creates the object without the field', async () => {
    const res = await call('POST', DEPLOY, manifest({ redinessProbe: {} }));

    expect(res.status).toBe(201);
    expect(res.warnings).toEqual(['299 - "unknown field \\"spec.template.spec.containers[0].redinessProbe\\""']);
    expect((sb.cluster.get('Deployment', 'shop', 'web')?.spec as any).template.spec.containers[0]).not.toHaveProperty(
      'redinessProbe',
    );
  });

  it('Strict refuses an update that adds a field', async () => {
    const current = sb.cluster.get('Deployment', 'shop', 'api')!;
    (current.spec as any).replicaz = 3;

    const res = await call('PUT', `${DEPLOY}/api?fieldValidation=Strict`, current);

    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"',
    );
  });
});

describe('the objects the builders make', () => {
  it('hold only fields the schema declares, so a strict patch of them never trips over the sandbox itself', () => {
    statefulSet(sb.cluster, { namespace: 'data', name: 'db', replicas: 2 });
    daemonSet(sb.cluster, { namespace: 'kube-system', name: 'agent' });
    cronJobWithJob(sb.cluster, { namespace: 'ops', name: 'backup', state: 'succeeded' });
    job(sb.cluster, { namespace: 'ops', name: 'migrate', state: 'failed', backoffLimit: 0 });
    barePod(sb.cluster, { namespace: 'tools', name: 'debug' });
    const kinds = [
      'Pod',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'ControllerRevision',
      'Job',
      'CronJob',
      'Namespace',
      'ServiceAccount',
    ];

    const unknown = kinds.flatMap((kind) =>
      sb.cluster.list(kind).flatMap((o) => unknownFields(kind, o).map((u) => `${kind} ${o.metadata.name}: ${u.path}`)),
    );

    expect(unknown).toEqual([]);
  });
});
