// The diagnoser RBAC as kustomize renders it (offline): the bot may only run Jobs in its own namespace, the
// diagnoser may only read, and exec exists only in the opt-in overlay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
}
interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

const home = mkdtempSync(join(tmpdir(), 'clopus-kustomize-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function render(dir: string): Promise<Doc[]> {
  const { stdout } = await execa('kubectl', ['kustomize', dir], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: join(home, 'none') }, extendEnv: false, timeout: 30_000 });
  return parseAllDocuments(stdout).map((d) => d.toJS() as Doc);
}

/** Every (group, resource, verb) a subject gets through the bindings in `docs`, with the binding's namespace. */
function grants(docs: Doc[], subject: string): Array<{ scope: string; group: string; resource: string; verb: string }> {
  const out: Array<{ scope: string; group: string; resource: string; verb: string }> = [];
  for (const b of docs.filter((d) => d.kind === 'RoleBinding' || d.kind === 'ClusterRoleBinding')) {
    if (!b.subjects?.some((s) => s.kind === 'ServiceAccount' && s.name === subject && s.namespace === 'clopus')) continue;
    const role = docs.find((d) => d.kind === b.roleRef?.kind && d.metadata.name === b.roleRef?.name);
    const scope = b.kind === 'RoleBinding' ? (b.metadata.namespace ?? '?') : '*';
    for (const r of role?.rules ?? []) {
      for (const group of r.apiGroups ?? []) for (const resource of r.resources ?? []) for (const verb of r.verbs) out.push({ scope, group, resource, verb });
    }
  }
  return out;
}

const key = (g: { scope: string; group: string; resource: string; verb: string }) => `${g.scope} ${g.group || 'core'}/${g.resource} ${g.verb}`;

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
