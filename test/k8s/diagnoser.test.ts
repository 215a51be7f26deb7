// The diagnoser RBAC as kustomize renders it (offline): the bot may only run Jobs in its own namespace, the
// diagnoser may only read, and exec exists only in the opt-in overlay.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { grantKey as key, grants, render, type Doc } from './kustomize.js';

describe('k8s/diagnoser', () => {
  it('gives the bot create/get/list/watch/delete on Jobs and ConfigMaps, and reads of its pods and their logs, in its own namespace only', async () => {
    const docs = await render('k8s/diagnoser');

    const bot = grants(docs, 'clopus').map(key).sort();
    const crud = ['create', 'get', 'list', 'watch', 'delete'];
    expect(bot).toEqual([
      ...crud.map((v) => `clopus batch/jobs ${v}`),
      ...crud.map((v) => `clopus core/configmaps ${v}`),
      ...['get', 'list', 'watch'].map((v) => `clopus core/pods ${v}`),
      'clopus core/pods/log get',
    ].sort());
  });

  it('gives the diagnoser read-only access: get/list/watch, no wildcards, no Secrets or ConfigMaps, no exec', async () => {
    const docs = await render('k8s/diagnoser');

    const diagnoser = grants(docs, 'clopus-diagnoser');
    expect(docs.find((d) => d.kind === 'ServiceAccount')?.metadata).toEqual({ name: loadConfig({}).runner.job.serviceAccount, namespace: 'clopus', labels: expect.any(Object) });
    expect(diagnoser.map((g) => g.resource)).toEqual(expect.arrayContaining(['pods', 'pods/log', 'events', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs']));
    expect(new Set(diagnoser.map((g) => g.verb))).toEqual(new Set(['get', 'list', 'watch']));
    for (const g of diagnoser) {
      expect([g.group, g.resource, g.verb]).not.toContain('*');
      expect(['secrets', 'configmaps', 'pods/exec', 'pods/attach', 'serviceaccounts/token']).not.toContain(g.resource);
    }
    for (const d of docs) for (const r of d.rules ?? []) expect([...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs]).not.toContain('*');
  });

  it('grants exec only in the opt-in overlay, and only to the diagnoser', async () => {
    const [base, withExec] = await Promise.all([render('k8s/diagnoser'), render('k8s/diagnoser-exec')]);

    const exec = (docs: Doc[], who: string) => grants(docs, who).filter((g) => g.resource === 'pods/exec').map(key).sort();
    expect(exec(base, 'clopus-diagnoser')).toEqual([]);
    expect(exec(withExec, 'clopus-diagnoser')).toEqual(['* core/pods/exec create', '* core/pods/exec get']);
    expect(exec(withExec, 'clopus')).toEqual([]);
    expect(grants(withExec, 'clopus-diagnoser').filter((g) => g.resource !== 'pods/exec').map(key).sort()).toEqual(grants(base, 'clopus-diagnoser').map(key).sort());
  });
});
