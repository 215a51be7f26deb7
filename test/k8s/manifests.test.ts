// k8s/ as kustomize renders it (offline): every folder renders and validates against the Kubernetes schema, the RBAC
// is exactly the least privilege each variant promises, and the Deployment is locked down and wired to its config.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { namespaceMatcher, SYSTEM_NAMESPACES } from '../../src/config/namespaces.js';
import { ENV_KEYS } from '../../src/config/schema.js';
import { botDeployment, type Doc, envValue, grantKey, grants, kustomizations, render } from './kustomize.js';
import { validateDoc } from './models.js';
import { restrictedViolations } from './pod-security.js';

const tmp = mkdtempSync(join(tmpdir(), 'clopus-k8s-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// All three stacked, from outside the repository, as a user's own overlay would be (kustomize wants relative paths).
const STACKED = join(tmp, 'stacked');
mkdirSync(STACKED);
const from = (dir: string) => relative(STACKED, resolve(dir));
writeFileSync(
  join(STACKED, 'kustomization.yaml'),
  [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `resources: [${from('k8s/overlays/all-namespaces')}]`,
    `components: [${from('k8s/components/actions')}, ${from('k8s/components/job-runner')}]`,
    '',
  ].join('\n'),
);

const { kustomizations: FOLDERS, components: COMPONENTS } = kustomizations('k8s');
const VARIANTS = [
  'k8s',
  'k8s/overlays/actions',
  'k8s/overlays/all-namespaces',
  'k8s/overlays/job-runner',
  'k8s/examples/two-namespaces',
  STACKED,
];
const rendered = new Map<string, PromiseSettledResult<Doc[]>>();
beforeAll(async () => {
  const dirs = [...new Set([...FOLDERS, ...VARIANTS])];
  const results = await Promise.allSettled(dirs.map((d) => render(d)));
  dirs.forEach((d, i) => {
    rendered.set(d, results[i]!);
  });
});
/** The documents of a folder; kubectl's own message when it would not render. */
function docsOf(dir: string): Doc[] {
  const result = rendered.get(dir);
  if (result?.status !== 'fulfilled')
    throw new Error(`kubectl kustomize ${dir} failed: ${(result?.reason as Error | undefined)?.message}`);
  return result.value;
}
/** [name, folder] rows for it.each, naming the stacked one (a temporary folder) by what it stacks. */
const rows = (dirs: string[]): Array<[string, string]> =>
  dirs.map((d) => [d === STACKED ? 'all-namespaces + actions + job-runner' : d, d]);

const READ = [
  'core/pods get',
  'core/pods list',
  'core/pods watch',
  'core/pods/log get',
  'core/events list',
  ...['replicasets', 'deployments', 'statefulsets', 'daemonsets'].map((r) => `apps/${r} get`),
  'apps/replicasets list',
  'apps/controllerrevisions list',
  ...['jobs', 'cronjobs'].map((r) => `batch/${r} get`),
];
const ACT = [
  'core/pods/exec create',
  'core/pods/exec get',
  'core/pods delete',
  ...['deployments', 'statefulsets', 'daemonsets'].map((r) => `apps/${r} patch`),
];
const scoped = (scope: string, keys: string[]) => keys.map((k) => `${scope} ${k}`);
const botGrants = (dir: string) =>
  grants(docsOf(dir), 'clopus')
    .filter((g) => g.scope !== 'clopus')
    .map(grantKey)
    .sort();

describe('rendering', () => {
  it('finds the base, the overlays, the components and the example', () => {
    expect(FOLDERS).toEqual(
      expect.arrayContaining([
        'k8s',
        'k8s/overlays/actions',
        'k8s/overlays/all-namespaces',
        'k8s/overlays/job-runner',
        'k8s/examples/two-namespaces',
      ]),
    );
    expect(COMPONENTS.sort()).toEqual(['k8s/components/actions', 'k8s/components/job-runner']);
  });

  it.each(rows([...FOLDERS, STACKED]))(
    '%s renders, and every document validates against the Kubernetes schema',
    (_, dir) => {
      const docs = docsOf(dir);

      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) expect(() => validateDoc(doc)).not.toThrow();
    },
  );
});

describe('RBAC', () => {
  it.each(rows([...FOLDERS, STACKED]))(
    '%s: no wildcard, no Secrets (but a get of named ones, the git token), no escalation, bindings only to Clopus service accounts',
    (_, dir) => {
      const docs = docsOf(dir);

      for (const d of docs.filter((x) => x.kind === 'Role' || x.kind === 'ClusterRole')) {
        for (const r of d.rules ?? []) {
          expect(
            [...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs],
            `${d.kind} ${d.metadata.name}`,
          ).not.toContain('*');
          expect(
            (r.resources ?? []).filter(
              (x) =>
                ['serviceaccounts/token', 'pods/attach', 'nodes/proxy'].includes(x) ||
                (x === 'secrets' && !((r.resourceNames?.length ?? 0) > 0 && r.verbs.every((v) => v === 'get'))),
            ),
          ).toEqual([]);
          expect(r.verbs.filter((v) => ['escalate', 'bind', 'impersonate'].includes(v))).toEqual([]);
          expect(r.nonResourceURLs).toBeUndefined();
        }
      }
      for (const b of docs.filter((x) => x.kind === 'RoleBinding' || x.kind === 'ClusterRoleBinding')) {
        for (const s of b.subjects ?? [])
          expect(s).toMatchObject({
            kind: 'ServiceAccount',
            namespace: 'clopus',
            name: expect.stringMatching(/^clopus(-diagnoser)?$/),
          });
        expect(
          docs.some((r) => r.kind === b.roleRef?.kind && r.metadata.name === b.roleRef?.name),
          `${b.metadata.name} refers to a role in the same rendering`,
        ).toBe(true);
      }
      expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
    },
  );

  it.each(rows([...FOLDERS, STACKED]))(
    '%s: the diagnoser never gets exec; ConfigMap, Secret and Lease rights name their objects, except the verbs Kubernetes cannot pin',
    (_, dir) => {
      const docs = docsOf(dir);
      const all = [...grants(docs, 'clopus'), ...grants(docs, 'clopus-diagnoser')];

      expect(
        grants(docs, 'clopus-diagnoser')
          .filter((g) => ['pods/exec', 'pods/attach', 'pods/portforward'].includes(g.resource))
          .map(grantKey),
      ).toEqual([]);
      const pinnable = all.filter(
        (g) =>
          (g.group === '' && ['configmaps', 'secrets'].includes(g.resource)) ||
          (g.group === 'coordination.k8s.io' && g.resource === 'leases'),
      );
      // create names its object in the body, list/watch/deletecollection name none: resourceNames cannot bound them.
      for (const g of pinnable.filter((x) => !['create', 'list', 'watch', 'deletecollection'].includes(x.verb)))
        expect(g.names?.length, grantKey(g)).toBeGreaterThan(0);
      // And of those only create: the bot never reads ConfigMaps (the policy's among them) through the API.
      expect(
        pinnable
          .filter((g) => !g.names)
          .map((g) => g.verb)
          .filter((v) => v !== 'create'),
      ).toEqual([]);
    },
  );

  it('the base reads pods, logs, events and owners in each watched namespace, and nothing more', () => {
    expect(botGrants('k8s')).toEqual(scoped('default', READ).sort());
    expect(docsOf('k8s').filter((d) => d.kind.startsWith('Cluster'))).toEqual([]);
  });

  it('the actions overlay adds exec, pod delete and workload patch in the same namespaces, and nothing more', () => {
    expect(botGrants('k8s/overlays/actions')).toEqual(scoped('default', [...READ, ...ACT]).sort());
  });

  it('the all-namespaces overlay grants the same reads cluster-wide, plus listing namespaces, with no namespaced Role', () => {
    expect(botGrants('k8s/overlays/all-namespaces')).toEqual(scoped('*', [...READ, 'core/namespaces list']).sort());
    expect(docsOf('k8s/overlays/all-namespaces').filter((d) => d.kind === 'Role' || d.kind === 'RoleBinding')).toEqual(
      [],
    );
    expect(botGrants(STACKED)).toEqual(scoped('*', [...READ, 'core/namespaces list', ...ACT]).sort());
  });

  it('the job runner lets the bot run Jobs only in its own namespace, and its diagnoser only read', () => {
    const docs = docsOf('k8s/overlays/job-runner');

    expect(botGrants('k8s/overlays/job-runner')).toEqual(botGrants('k8s'));
    expect(
      new Set(
        grants(docs, 'clopus')
          .filter((g) => g.scope === 'clopus')
          .map((g) => g.resource),
      ),
    ).toEqual(new Set(['jobs', 'configmaps', 'pods', 'pods/log']));
    expect(new Set(grants(docs, 'clopus-diagnoser').map((g) => g.verb))).toEqual(new Set(['get', 'list', 'watch']));
    expect(envValue(docs, 'CLOPUS_RUNNER')).toBe('job');
    expect(
      grants(docsOf(STACKED), 'clopus-diagnoser').filter((g) => !['get', 'list', 'watch'].includes(g.verb)),
    ).toEqual([]);
  });

  it.each(rows(VARIANTS))(
    '%s: CLOPUS_NAMESPACES names exactly the namespaces the bot may list and watch pods in',
    (_, dir) => {
      const docs = docsOf(dir);

      const watchable = new Set(
        grants(docs, 'clopus')
          .filter((g) => g.resource === 'pods' && g.verb === 'watch' && g.scope !== 'clopus')
          .map((g) => g.scope),
      );
      const configured = envValue(docs, 'CLOPUS_NAMESPACES');
      expect(configured === 'all' ? ['*'] : configured?.split(',').sort()).toEqual([...watchable].sort());
    },
  );
});

describe('the Deployment', () => {
  it.each(rows(VARIANTS))(
    '%s: one replica, Recreate, non-root, read-only root, no privilege, resources set',
    (_, dir) => {
      const { deployment, pod, container } = botDeployment(docsOf(dir));

      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.securityContext.capabilities.add).toBeUndefined();
      expect(container.resources).toEqual({
        requests: { cpu: expect.any(String), memory: expect.any(String) },
        limits: { cpu: expect.any(String), memory: expect.any(String) },
      });
      expect(restrictedViolations(pod)).toEqual([]);
      expect(pod.serviceAccountName).toBe('clopus');
      // A Service named clopus-dashboard would otherwise inject CLOPUS_DASHBOARD_PORT=tcp://….
      expect(pod.enableServiceLinks).toBe(false);
    },
  );

  it('probes /healthz (liveness) and /readyz (readiness) on the dashboard port, which the Service exposes', () => {
    const docs = docsOf('k8s');
    const { deployment, container } = botDeployment(docs);
    const service = docs.find((d) => d.kind === 'Service')!;

    const port = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(port.containerPort).toBe(8080);
    expect(envValue(docs, 'CLOPUS_DASHBOARD_PORT')).toBe('8080');
    expect(envValue(docs, 'CLOPUS_DASHBOARD_HOST')).toBe('0.0.0.0');
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 8080, targetPort: 'http' }] });
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    // Diagnosis Jobs carry app.kubernetes.io/name=clopus too; the Service must not send traffic to them.
    expect(service.spec.selector['app.kubernetes.io/component']).toBe('bot');
  });

  it('keeps SQLite on the PVC, /tmp and HOME on emptyDirs, and mounts the config file CLOPUS_CONFIG names', () => {
    const docs = docsOf('k8s');
    const { pod, container, env } = botDeployment(docs);
    const volume = (mountPath: string) => {
      const mount = container.volumeMounts.find(
        (m: { mountPath: string }) => mountPath === m.mountPath || mountPath.startsWith(`${m.mountPath}/`),
      );
      return { mount, volume: pod.volumes.find((v: { name: string }) => v.name === mount?.name) };
    };

    const data = volume(envValue(docs, 'CLOPUS_DB_PATH')!);
    expect(envValue(docs, 'CLOPUS_DB_PATH')).toBe('/data/clopus.db');
    expect(
      docs.find(
        (d) => d.kind === 'PersistentVolumeClaim' && d.metadata.name === data.volume.persistentVolumeClaim.claimName,
      ),
    ).toBeDefined();
    expect(volume('/tmp').volume.emptyDir).toBeDefined();
    expect(volume(envValue(docs, 'HOME')!).volume.emptyDir).toBeDefined();
    expect(volume(envValue(docs, 'TMPDIR')!).volume.emptyDir).toBeDefined();
    const config = volume(envValue(docs, 'CLOPUS_CONFIG')!);
    expect(config.mount.readOnly).toBe(true);
    const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === config.volume.configMap.name);
    expect(Object.keys(configMap?.data ?? {})).toContain(
      envValue(docs, 'CLOPUS_CONFIG')!.slice(config.mount.mountPath.length + 1),
    );
    expect(container.envFrom).toEqual([{ secretRef: { name: 'clopus-secrets' } }]);
    expect(env.get('POD_NAME').valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(env.get('POD_NAMESPACE').valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
  });

  it('runs the image as built: its entrypoint with `serve`, the tag of package.json', () => {
    const { container } = botDeployment(docsOf('k8s'));
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['serve']);
    expect(container.image).toBe(`clopus:${version}`);
  });

  it.each(rows(VARIANTS))(
    '%s: every CLOPUS_* variable is a known key, and the config file and env load without error',
    (_, dir) => {
      const docs = docsOf(dir);
      const { env, pod, container } = botDeployment(docs);
      const configVolume = pod.volumes.find(
        (v: { name: string }) =>
          v.name ===
          container.volumeMounts.find((m: { mountPath: string }) =>
            envValue(docs, 'CLOPUS_CONFIG')!.startsWith(`${m.mountPath}/`),
          ).name,
      );
      const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === configVolume.configMap.name)!;
      const file = join(tmp, `${configMap.metadata.name}.yaml`);
      writeFileSync(file, configMap.data!['config.yaml']!);
      const plain = Object.fromEntries(
        [...env].filter(([, e]) => typeof e.value === 'string').map(([k, e]) => [k, e.value as string]),
      );

      const unknown = [...env.keys()].filter(
        (k) =>
          k.startsWith('CLOPUS_') &&
          !(k in ENV_KEYS) &&
          !['CLOPUS_CONFIG', 'CLOPUS_DASHBOARD_HOST', 'CLOPUS_DASHBOARD_PORT'].includes(k),
      );
      expect(unknown).toEqual([]);
      // The token comes from the Secret at run time; a dashboard listening beyond loopback needs one.
      const config = loadConfig({
        ...plain,
        CLOPUS_DASHBOARD_TOKEN: 'placeholder-token-from-the-secret',
        CLOPUS_CONFIG: file,
      });
      expect(config.databasePath).toBe('/data/clopus.db');
    },
  );

  it.each(rows(VARIANTS))("%s: the shipped config watches no system namespace, nor the bot's own", (_, dir) => {
    const docs = docsOf(dir);
    const { deployment, pod, container, env } = botDeployment(docs);
    const configVolume = pod.volumes.find(
      (v: { name: string }) =>
        v.name ===
        container.volumeMounts.find((m: { mountPath: string }) =>
          envValue(docs, 'CLOPUS_CONFIG')!.startsWith(`${m.mountPath}/`),
        ).name,
    );
    const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === configVolume.configMap.name)!;
    const file = join(tmp, `namespaces-${configMap.metadata.name}.yaml`);
    writeFileSync(file, configMap.data!['config.yaml']!);
    const plain = Object.fromEntries(
      [...env].filter(([, e]) => typeof e.value === 'string').map(([k, e]) => [k, e.value as string]),
    );

    const config = loadConfig({
      ...plain,
      CLOPUS_DASHBOARD_TOKEN: 'placeholder-token-from-the-secret',
      CLOPUS_CONFIG: file,
    });
    // POD_NAMESPACE is the pod's own namespace, from the downward API.
    expect(env.get('POD_NAMESPACE').valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    const watched = namespaceMatcher(config.namespaces, { own: deployment.metadata.namespace! });

    for (const ns of [...SYSTEM_NAMESPACES, 'clopus']) expect(watched(ns), ns).toBe(false);
    if (config.namespaces.include === 'all') expect(watched('any-team')).toBe(true);
  });

  it('the example policy auto-approves only in watched namespaces, and names its approvers', () => {
    const docs = docsOf('k8s/examples/two-namespaces');
    const configMap = docs.find((d) => d.kind === 'ConfigMap')!;
    const file = join(tmp, 'example-config.yaml');
    writeFileSync(file, configMap.data!['config.yaml']!);

    const config = loadConfig({ CLOPUS_CONFIG: file, CLOPUS_NAMESPACES: envValue(docs, 'CLOPUS_NAMESPACES') });

    expect(config.namespaces.include).toEqual(['shop', 'payments']);
    expect(config.policy.approvers.length).toBeGreaterThan(0);
    for (const rule of config.policy.trusted)
      for (const ns of rule.namespaces) expect(config.namespaces.include).toContain(ns);
    expect(botDeployment(docs).container.image).toBe('registry.example.com/platform/clopus:0.1.0');
  });
});

describe('the example Secret', () => {
  const text = readFileSync('k8s/examples/secret.example.yaml', 'utf8');
  const secret = parse(text) as Doc;

  it('is the Secret the Deployment reads, with placeholders only', () => {
    const values = Object.values(secret.stringData ?? {});

    expect(() => validateDoc(secret)).not.toThrow();
    expect(secret.metadata).toMatchObject({
      name: botDeployment(docsOf('k8s')).container.envFrom[0].secretRef.name,
      namespace: 'clopus',
    });
    expect(secret.data).toBeUndefined();
    expect(Object.keys(secret.stringData ?? {}).sort()).toEqual([
      'ANTHROPIC_API_KEY',
      'CLOPUS_DASHBOARD_TOKEN',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
    ]);
    for (const value of values) expect(value).toMatch(/^(?:xoxb-|xapp-|sk-ant-)?REPLACE-ME$/);
  });

  it('holds nothing that looks like a real token, even in its comments', () => {
    expect(text).not.toMatch(/xox[abposr]-\d+-/);
    expect(text).not.toMatch(/xapp-\d-[A-Z0-9]+/);
    expect(text).not.toMatch(/sk-ant-(?:api|admin)\d*-[\w-]{10,}/);
    expect(text).not.toMatch(/\b[A-Za-z0-9+/_-]{32,}\b/);
  });

  it('is in no kustomization, so no `kubectl apply -k` can overwrite the real one', () => {
    for (const dir of [...FOLDERS, ...COMPONENTS]) {
      const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
        resources?: string[];
        components?: string[];
        patches?: Array<{ path?: string }>;
        secretGenerator?: unknown;
      };
      const refs = [...(k.resources ?? []), ...(k.components ?? []), ...(k.patches ?? []).map((p) => p.path ?? '')];
      expect(
        refs.filter((r) => /secret|examples/.test(r)),
        dir,
      ).toEqual([]);
      expect(k.secretGenerator).toBeUndefined();
    }
  });
});
