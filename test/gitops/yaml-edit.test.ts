// Editing one container resource in a manifest: the value changes, and every other byte (comments, quoting,
// indentation, the other documents) stays as the team wrote it.
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { setContainerResource } from '../../src/gitops/yaml-edit.js';
import { DEPLOYMENT } from '../planner/repo-fixture.js';

/** The lines a unified diff removes and adds, without its headers. */
function changedLines(before: string, after: string): string[] {
  return createTwoFilesPatch('a', 'b', before, after)
    .split('\n')
    .filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
}

const api = { kind: 'Deployment', name: 'api' };

describe('setContainerResource', () => {
  it('changes only the value, keeping comments and formatting', () => {
    const out = setContainerResource(DEPLOYMENT, api, 'api', ['limits', 'memory'], '512Mi');

    expect(changedLines(DEPLOYMENT, out!)).toEqual(['-            memory: 256Mi', '+            memory: 512Mi']);
    expect(out).toContain('# raised in March after the import job');
    expect(out).toContain('- name: api   # the only container');
  });

  it('edits the named document of a multi-document file and leaves the others byte for byte', () => {
    const out = setContainerResource(
      DEPLOYMENT,
      { kind: 'Deployment', name: 'worker' },
      'worker',
      ['limits', 'memory'],
      '1Gi',
    );

    const [apiBefore, workerBefore] = DEPLOYMENT.split('---\n');
    const [apiAfter, workerAfter] = out!.split('---\n');
    expect(apiAfter).toBe(apiBefore);
    expect(workerAfter).toBe(workerBefore!.replace('memory: 256Mi', 'memory: 1Gi'));
  });

  it('inserts a missing key under the existing resources, at their indentation', () => {
    const out = setContainerResource(DEPLOYMENT, api, 'api', ['limits', 'cpu'], '500m');

    expect(changedLines(DEPLOYMENT, out!)).toEqual(['+            cpu: 500m']);
    const doc = parseAllDocuments(out!)[0]!.toJS();
    expect(doc.spec.template.spec.containers[0].resources.limits).toEqual({ memory: '256Mi', cpu: '500m' });
  });

  it('inserts a whole resources block into a container that has none', () => {
    const text =
      'kind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: postgres:16 # pinned\n';

    const out = setContainerResource(text, { kind: 'StatefulSet', name: 'db' }, 'db', ['limits', 'memory'], '2Gi');

    expect(out).toBe(`${text}          resources:\n            limits:\n              memory: 2Gi\n`);
  });

  it('keeps the quote style of the value it replaces', () => {
    const text = DEPLOYMENT.replace('memory: 256Mi', 'memory: "256Mi"');

    const out = setContainerResource(text, api, 'api', ['limits', 'memory'], '512Mi');

    expect(changedLines(text, out!)).toEqual(['-            memory: "256Mi"', '+            memory: "512Mi"']);
  });

  it('edits a CronJob, whose pod template sits one Job spec deeper', () => {
    const text =
      'kind: CronJob\nmetadata:\n  name: report\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: report\n            resources: {limits: {memory: 64Mi}}\n';

    // A flow map cannot be edited as text safely, so the edit is refused rather than reformatting the file.
    expect(
      setContainerResource(text, { kind: 'CronJob', name: 'report' }, 'report', ['limits', 'memory'], '128Mi'),
    ).toBeUndefined();
  });

  it.each([
    ['another workload', { kind: 'Deployment', name: 'web' }, 'api'],
    ['another kind', { kind: 'StatefulSet', name: 'api' }, 'api'],
    ['another container', api, 'sidecar'],
    ['a kind without a pod template', { kind: 'Service', name: 'api' }, 'api'],
  ])('answers undefined for %s', (_what, target, container) => {
    expect(setContainerResource(DEPLOYMENT, target, container, ['limits', 'memory'], '512Mi')).toBeUndefined();
  });

  it('refuses to edit through an alias, which would change every place that uses it', () => {
    const text =
      'kind: Deployment\nmetadata:\n  name: api\nx-base: &c\n  name: api\n  resources:\n    limits:\n      memory: 256Mi\nspec:\n  template:\n    spec:\n      containers:\n      - *c\n';

    expect(setContainerResource(text, api, 'api', ['limits', 'memory'], '512Mi')).toBeUndefined();
  });

  it('answers undefined for text that is not YAML', () => {
    expect(
      setContainerResource('kind: Deployment\n  bad: [\n', api, 'api', ['limits', 'memory'], '1Gi'),
    ).toBeUndefined();
  });
});
