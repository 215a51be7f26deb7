// Rendering a source path with the real `kubectl kustomize`, a plain directory of YAML, and an edit rendered in a
// copy; what a reviewer sees of the workload's rendered change.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClopusError } from '../../src/errors.js';
import { renderKustomize } from '../../src/gitops/render.js';
import { changedObjects, renderedChange } from '../../src/gitops/render-diff.js';
import { renderWithEdits } from '../../src/gitops/render-edit.js';
import { BASE_FILES, DEPLOYMENT, makeRepo, type TestRepo } from '../planner/repo-fixture.js';

let repo: TestRepo | undefined;
afterEach(async () => {
  await repo?.remove();
  repo = undefined;
});

const names = (objs: Array<Record<string, unknown>>): string[] =>
  objs.map(
    (o) =>
      `${o.kind}/${(o.metadata as { namespace?: string }).namespace ?? '-'}/${(o.metadata as { name: string }).name}`,
  );

async function refusal(p: Promise<unknown>): Promise<ClopusError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ClopusError)) throw new Error(`expected a ClopusError, got ${String(err)}`);
  return err;
}

describe('renderKustomize', () => {
  it('renders a kustomization with the real kubectl, applying its namespace', async () => {
    repo = await makeRepo();

    const objs = await renderKustomize(repo.dir, 'apps/api');

    expect(names(objs).sort()).toEqual(['Deployment/shop/api', 'Deployment/shop/worker', 'Service/shop/api']);
  });

  it('renders an overlay with its base and patches, as the GitOps controller would', async () => {
    repo = await makeRepo({
      ...BASE_FILES,
      'apps/prod/kustomization.yaml': 'resources:\n- ../api\nnamePrefix: prod-\npatches:\n- path: memory.yaml\n',
      'apps/prod/memory.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        resources:\n          limits:\n            memory: 1Gi\n',
    });

    const objs = await renderKustomize(repo.dir, 'apps/prod');

    const api = objs.find(
      (o) => o.kind === 'Deployment' && (o.metadata as { name: string }).name === 'prod-api',
    ) as any;
    expect(api.spec.template.spec.containers[0].resources.limits.memory).toBe('1Gi');
  });

  it('reads the YAML files of a plain directory when there is no kustomization', async () => {
    repo = await makeRepo({ 'plain/deployment.yaml': DEPLOYMENT, 'plain/notes.txt': 'not a manifest\n' });

    const objs = await renderKustomize(repo.dir, 'plain');

    expect(names(objs)).toEqual(['Deployment/-/api', 'Deployment/-/worker']);
  });

  it('says kustomize refused, with its own words, when a resource is missing', async () => {
    repo = await makeRepo({ 'apps/api/kustomization.yaml': 'resources:\n- missing.yaml\n' });

    const err = await refusal(renderKustomize(repo.dir, 'apps/api'));

    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(/^kubectl kustomize apps\/api failed: .*missing\.yaml/s);
  });

  it('does not fetch a remote base: rendering stays offline', async () => {
    repo = await makeRepo({
      'apps/api/kustomization.yaml': 'resources:\n- https://raw.githubusercontent.com/acme/x/main/deploy.yaml\n',
    });

    const err = await refusal(renderKustomize(repo.dir, 'apps/api'));

    expect(err.message).toContain('remote bases cannot be fetched here');
  });

  it('says a Helm chart cannot be rendered here', async () => {
    repo = await makeRepo({ 'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n' });

    const err = await refusal(renderKustomize(repo.dir, 'charts/api'));

    expect(err.message).toContain('Cannot render the Helm chart at "charts/api" here');
  });

  it.each(['../..', '/etc'])('refuses the path %s, which leaves the repository', async (path) => {
    repo = await makeRepo();

    const err = await refusal(renderKustomize(repo.dir, path));

    expect(err.message).toMatch(/leaves the repository|does not exist/);
  });
});

describe('renderWithEdits and renderedChange', () => {
  it('renders the edit in a copy, shows the workload diff, and leaves the clone untouched', async () => {
    repo = await makeRepo();
    const view = repo.view();
    const content = DEPLOYMENT.replace('memory: 256Mi', 'memory: 512Mi');

    const before = await renderKustomize(view.dir, view.sourcePath);
    const after = await renderWithEdits(view, [{ path: 'apps/api/deployment.yaml', content }]);
    const change = renderedChange(before, after, { kind: 'Deployment', namespace: 'shop', name: 'api' });

    expect(change.diff).toMatch(/^- +memory: 256Mi$/m);
    expect(change.diff).toMatch(/^\+ +memory: 512Mi$/m);
    expect(change.diff.split('\n').filter((l) => /^[-+] /.test(l))).toHaveLength(2);
    expect(changedObjects(before, after).map((c) => `${c.change} ${c.ref.kind}/${c.ref.name}`)).toEqual([
      'changed Deployment/api',
    ]);
    expect(await readFile(join(repo.dir, 'apps/api/deployment.yaml'), 'utf8')).toBe(DEPLOYMENT);
  });

  it('names every other object an edit changes, adds or removes', async () => {
    repo = await makeRepo();
    const view = repo.view();
    const content = `${DEPLOYMENT.replace('image: shop/worker:1.0', 'image: shop/worker:1.1')}---\nkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: extra\n`;

    const before = await renderKustomize(view.dir, view.sourcePath);
    const after = await renderWithEdits(view, [
      { path: 'apps/api/deployment.yaml', content },
      { path: 'apps/api/kustomization.yaml', content: 'namespace: shop\nresources:\n- deployment.yaml\n' },
    ]);

    expect(
      changedObjects(before, after)
        .map((c) => `${c.change} ${c.ref.kind}/${c.ref.name}`)
        .sort(),
    ).toEqual(['added ConfigMap/extra', 'changed Deployment/worker', 'removed Service/api']);
  });

  it('refuses an edit outside the source path', async () => {
    repo = await makeRepo();

    const err = await refusal(
      renderWithEdits(repo.view(), [{ path: 'apps/other/secret-notes.yaml', content: 'x: 1\n' }]),
    );

    expect(err.message).toContain('outside the source path "apps/api"');
  });
});
