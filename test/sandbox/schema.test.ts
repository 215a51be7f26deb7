// The sandbox's table of declared fields is the Kubernetes schema (as kubernetes-models types it, for 1.32), so
// an unknown field is one a real API server would not know either, and every real field is accepted.
import { describe, expect, it } from 'vitest';
import { unknownFields } from '../../src/sandbox/index.js';
import { FIELDS } from '../../src/sandbox/schema/fields.js';
import { modelSchema } from './k8s-models-schema.js';

const MODELS = [
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'apps/v1/ReplicaSet',
  'apps/v1/ControllerRevision',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'v1/Pod',
  'v1/Namespace',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/ServiceAccount',
];

const table = new Map(
  Object.entries(FIELDS).map(([type, text]) => [
    type,
    new Map(text.split(/\s+/).map((f) => f.split(':') as [string, string | undefined])),
  ]),
);
const models = modelSchema(MODELS);

describe('the sandbox schema', () => {
  it.each([...table.keys()])('declares exactly the fields of %s', (type) => {
    const model = models.get(type);

    expect(model, `${type} is not a Kubernetes type`).toBeDefined();
    expect([...table.get(type)!.keys()].sort()).toEqual([...model!.keys()].sort());
  });

  it.each(MODELS.map((m) => m.split('/').pop()!))('checks %s', (kind) => {
    expect(table.has(kind)).toBe(true);
  });

  it('checks each field as the type the schema gives it, or leaves it open on purpose', () => {
    const wrong: string[] = [];
    for (const [type, fields] of table) {
      for (const [field, child] of fields) {
        const real = models.get(type)?.get(field);
        // A field the table leaves open must hold a type the table does not describe (an open subtree).
        const bad =
          child !== undefined
            ? child !== real || !table.has(child)
            : real !== undefined && table.has(real) && field !== 'status';
        if (bad) wrong.push(`${type}.${field}: ${child ?? 'open'} vs ${real ?? 'scalar'}`);
      }
    }

    expect(wrong).toEqual([]);
  });

  it('finds undeclared fields at any depth, with the path the API server prints', () => {
    const patched = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', lables: { app: 'api' } },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'api' },
              {
                name: 'sidecar',
                resources: { limits: {} },
                debugShell: true,
                livenessProbe: { httpGet: { paht: '/' } },
              },
            ],
          },
        },
      },
    };

    expect(unknownFields('Deployment', patched).map((u) => u.path)).toEqual([
      'metadata.lables',
      'spec.template.spec.containers[1].debugShell',
      'spec.template.spec.containers[1].livenessProbe.httpGet.paht',
    ]);
  });
});
