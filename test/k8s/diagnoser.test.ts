// The diagnoser RBAC as kustomize renders it (offline): the bot may only run Jobs in its own namespace and delete
// only its own input ConfigMaps, by name; the diagnoser may only read, and never exec.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { INPUT_SLOT_NAMES, inputConfigMapName } from '../../src/runner/job/spec.js';
import { grants, grantKey as key, render } from './kustomize.js';

describe('k8s/diagnoser', () => {
  it('gives the bot Jobs, ConfigMap create and delete of its input ConfigMaps by name, and reads of its pods and their logs, in its own namespace only', async () => {
    const docs = await render('k8s/diagnoser');

    const bot = grants(docs, 'clopus').map(key).sort();
    const inputs = Array.from({ length: INPUT_SLOT_NAMES }, (_, i) => inputConfigMapName(i));
    expect(bot).toEqual(
      [
        ...['create', 'get', 'list', 'watch', 'delete'].map((v) => `clopus batch/jobs ${v}`),
        'clopus core/configmaps create',
        `clopus core/configmaps delete [${inputs.join(',')}]`,
        ...['get', 'list', 'watch'].map((v) => `clopus core/pods ${v}`),
        'clopus core/pods/log get',
      ].sort(),
    );
  });

  it('names as many input ConfigMaps as the largest default Job concurrency needs', () => {
    expect(loadConfig({}).runner.job.concurrency).toBeLessThanOrEqual(INPUT_SLOT_NAMES);
  });

  it('gives the diagnoser read-only access: get/list/watch, no wildcards, no Secrets or ConfigMaps, no exec', async () => {
    const docs = await render('k8s/diagnoser');

    const diagnoser = grants(docs, 'clopus-diagnoser');
    expect(docs.find((d) => d.kind === 'ServiceAccount')?.metadata).toEqual({
      name: loadConfig({}).runner.job.serviceAccount,
      namespace: 'clopus',
      labels: expect.any(Object),
    });
    expect(diagnoser.map((g) => g.resource)).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/log',
        'events',
        'deployments',
        'replicasets',
        'statefulsets',
        'daemonsets',
        'jobs',
        'cronjobs',
      ]),
    );
    expect(new Set(diagnoser.map((g) => g.verb))).toEqual(new Set(['get', 'list', 'watch']));
    for (const g of diagnoser) {
      expect([g.group, g.resource, g.verb]).not.toContain('*');
      expect(['secrets', 'configmaps', 'pods/exec', 'pods/attach', 'serviceaccounts/token']).not.toContain(g.resource);
    }
    for (const d of docs)
      for (const r of d.rules ?? [])
        expect([...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs]).not.toContain('*');
  });

  it('ships no overlay that grants the diagnoser exec', () => {
    expect(existsSync('k8s/diagnoser-exec')).toBe(false);
  });
});
