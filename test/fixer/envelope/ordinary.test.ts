// The fixes a team actually wants must still pass the envelope, each in the class a reviewer would expect, with
// the fields it changes named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENVELOPE } from '../../../src/config/index.js';
import type { ChangeClass } from '../../../src/planner/envelope/index.js';
import type { ProposalAction } from '../../../src/planner/proposal/schema.js';
import { CONFIG, type EnvelopeWorld, edit, exec, IMAGE_V1, patch, startEnvelopeWorld, web } from './world.js';

let w: EnvelopeWorld;
beforeAll(async () => {
  w = await startEnvelopeWorld();
});
afterAll(async () => {
  await w?.close();
});

const proxy = (fields: Record<string, unknown>): ProposalAction =>
  patch({ spec: { template: { spec: { containers: [{ name: 'proxy', ...fields }] } } } });
const WEB = 'spec.template.spec.containers[web]';

type Case = [name: string, actions: (pods: string[]) => ProposalAction[], classes: ChangeClass[], fields?: string[]];
const one = (a: ProposalAction) => () => [a];

const CASES: Case[] = [
  [
    'memory limit raised 2×',
    one(web({ resources: { limits: { memory: '512Mi' } } })),
    ['resources'],
    [`${WEB}.resources.limits.memory`],
  ],
  [
    'memory request and limit raised together',
    one(web({ resources: { requests: { memory: '256Mi' }, limits: { memory: '1Gi' } } })),
    ['resources'],
    [`${WEB}.resources.requests.memory`, `${WEB}.resources.limits.memory`],
  ],
  [
    'cpu limit raised to one core',
    one(web({ resources: { limits: { cpu: '1' } } })),
    ['resources'],
    [`${WEB}.resources.limits.cpu`],
  ],
  [
    'memory lowered by half',
    one(web({ resources: { requests: { memory: '64Mi' }, limits: { memory: '128Mi' } } })),
    ['resources'],
  ],
  [
    "the sidecar's memory raised",
    one(proxy({ resources: { limits: { memory: '128Mi' } } })),
    ['resources'],
    ['spec.template.spec.containers[proxy].resources.limits.memory'],
  ],
  ["rollback to the previous revision's image", one(web({ image: IMAGE_V1 })), ['image-rollback'], [`${WEB}.image`]],
  [
    'a newer tag of the same repository',
    one(web({ image: 'registry.example.com/shop/web:1.4.3' })),
    ['image-tag'],
    [`${WEB}.image`],
  ],
  [
    'a digest of the same repository',
    one(web({ image: `registry.example.com/shop/web@sha256:${'a'.repeat(64)}` })),
    ['image-tag'],
  ],
  ['Docker Hub spelt without its host', one(proxy({ image: 'envoyproxy/envoy:v1.30.2' })), ['image-tag']],
  [
    'liveness timeout raised',
    one(web({ livenessProbe: { timeoutSeconds: 5 } })),
    ['probe-tuning'],
    [`${WEB}.livenessProbe.timeoutSeconds`],
  ],
  ['readiness failure threshold raised', one(web({ readinessProbe: { failureThreshold: 6 } })), ['probe-tuning']],
  [
    'liveness initial delay raised',
    one(web({ livenessProbe: { initialDelaySeconds: 30, periodSeconds: 20 } })),
    ['probe-tuning'],
  ],
  [
    'a literal env value changed',
    one(web({ env: [{ name: 'LOG_LEVEL', value: 'debug' }] })),
    ['env-literal'],
    [`${WEB}.env[LOG_LEVEL].value`],
  ],
  [
    'a new literal env var',
    one(web({ env: [{ name: 'UPSTREAM_URL', value: 'http://api.shop.svc:8080' }] })),
    ['env-literal'],
    [`${WEB}.env[UPSTREAM_URL].name`, `${WEB}.env[UPSTREAM_URL].value`],
  ],
  ['scaled up by one', one(patch({ spec: { replicas: 4 } })), ['scale'], ['spec.replicas']],
  ['scaled to twice', one(patch({ spec: { replicas: 6 } })), ['scale']],
  ['scaled down to two', one(patch({ spec: { replicas: 2 } })), ['scale']],
  ['one pod restarted', (pods) => [{ type: 'restart_pod', reason: 'it is wedged', pod: pods[0]! }], ['restart-pod']],
  [
    'a config typo fixed',
    (pods) => [edit(pods[0]!, CONFIG, 'listen: 8080\nupstream:\n  url: http://api:8080\n  timeoutMs: 1500\n')],
    ['config-file'],
    [CONFIG],
  ],
  [
    'nginx.conf tuned',
    (pods) => [edit(pods[0]!, '/etc/nginx/nginx.conf', 'worker_processes 2;\nevents { worker_connections 1024; }\n')],
    ['config-file'],
  ],
  ['a JSON settings file', (pods) => [edit(pods[0]!, '/etc/web/settings.json', '{"workers": 4}\n')], ['config-file']],
  ['a .properties file', (pods) => [edit(pods[0]!, '/etc/web/app.properties', 'pool.size=20\n')], ['config-file']],
  ['nginx reload', (pods) => [exec(pods[0]!, 'nginx', '-s', 'reload')], ['exec-allowed'], ['nginx -s reload']],
  ['SIGHUP to PID 1', (pods) => [exec(pods[0]!, 'kill', '-HUP', '1')], ['exec-allowed']],
  [
    'a config fix, then a reload, then one restart',
    (pods) => [
      edit(pods[0]!, CONFIG, 'listen: 8081\n'),
      exec(pods[0]!, 'nginx', '-s', 'reload'),
      { type: 'restart_pod', reason: 'pick it up', pod: pods[1]! },
    ],
    ['config-file', 'exec-allowed', 'restart-pod'],
  ],
  [
    'a memory raise and a probe raise as two actions',
    () => [web({ resources: { limits: { memory: '512Mi' } } }), web({ livenessProbe: { timeoutSeconds: 3 } })],
    ['resources', 'probe-tuning'],
  ],
];

describe('the envelope admits ordinary fixes', () => {
  it('has at least 20 of them', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('%s', async (_name, actions, classes, fields) => {
    const { scope, envelope } = await w.judge(actions(w.pods));

    expect(scope).toEqual([]);
    expect(envelope).toMatchObject({ ok: true });
    const got = envelope.ok ? envelope.actions : [];
    expect(got.map((a) => a.changeClass)).toEqual(classes);
    if (fields) expect(got[0]?.fields).toEqual(fields);
  });

  it('admits a configured command shape, "*" standing for one plain word, and nothing looser', async () => {
    const settings = { ...DEFAULT_ENVELOPE, exec: [...DEFAULT_ENVELOPE.exec, ['supervisorctl', 'restart', '*']] };

    const ok = await w.judge([exec(w.pods[0]!, 'supervisorctl', 'restart', 'worker')], { settings });
    const option = await w.judge([exec(w.pods[0]!, 'supervisorctl', 'restart', '--all')], { settings });
    const extra = await w.judge([exec(w.pods[0]!, 'supervisorctl', 'restart', 'worker', 'web')], { settings });

    expect(ok.envelope).toMatchObject({
      ok: true,
      actions: [{ changeClass: 'exec-allowed', fields: ['supervisorctl restart worker'] }],
    });
    expect(option.envelope).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/matches no allowed command shape/)],
    });
    expect(extra.envelope).toMatchObject({ ok: false });
  });

  it('refuses a configured shape that names a shell, whatever the configuration says', async () => {
    const settings = { ...DEFAULT_ENVELOPE, exec: [['sh', '-c', '*']] };

    const { envelope } = await w.judge([exec(w.pods[0]!, 'sh', '-c', 'id')], { settings });

    expect(envelope).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/starts sh, which runs text as code/)],
    });
  });

  it('counts a raise past the configured cap as outside resources', async () => {
    const settings = { ...DEFAULT_ENVELOPE, resources: { ...DEFAULT_ENVELOPE.resources, maxMemory: '384Mi' } };

    const { envelope } = await w.judge([web({ resources: { limits: { memory: '512Mi' } } })], { settings });

    expect(envelope).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/outside class resources: 512Mi is over the cap of 384Mi/)],
    });
  });
});
