// A sandbox Deployment dressed as a careful team ships it (pinned image, two revisions, probes, a hardened
// securityContext, a Secret-backed env var, a config volume), for the envelope's hostile and ordinary proposals.
import { DEFAULT_ENVELOPE } from '../../../src/config/index.js';
import { KubeClient } from '../../../src/kube/index.js';
import { silentLogger } from '../../../src/logger.js';
import { checkEnvelope, type EnvelopeSettings, type EnvelopeVerdict } from '../../../src/planner/envelope/index.js';
import { type FixerKube, fixerKube } from '../../../src/planner/kube.js';
import { checkProposal } from '../../../src/planner/proposal/check.js';
import type { Proposal, ProposalAction } from '../../../src/planner/proposal/schema.js';
import { sha256 } from '../../../src/remediation/apply/index.js';
import { deployment, rollout, type Sandbox, startSandbox } from '../../../src/sandbox/index.js';

export const NS = 'shop';
export const IMAGE_V1 = 'registry.example.com/shop/web:1.4.1';
export const IMAGE_V2 = 'registry.example.com/shop/web:1.4.2';
export const CONFIG = '/etc/web/config.yaml';
export const CONFIG_TEXT = 'listen: 8080\nupstream:\n  url: http://api:8080\n  timeoutMs: 500\n';

/** Files every pod's web container holds: a config, app code, and system files an attacker would want. */
export const FILES: Record<string, string> = {
  [CONFIG]: CONFIG_TEXT,
  '/etc/nginx/nginx.conf': 'worker_processes 1;\nevents { worker_connections 1024; }\n',
  '/app/server.js': 'require("http").createServer(() => {}).listen(8080);\n',
  '/app/start.sh': '#!/bin/sh\nexec node /app/server.js\n',
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
  '/etc/shadow': 'root:*:19000:0:99999:7:::\n',
  '/etc/sudoers': 'root ALL=(ALL) ALL\n',
  '/etc/crontab': '# m h dom mon dow user command\n',
  '/etc/cron.d/cleanup': '0 3 * * * root /usr/bin/true\n',
  '/etc/ld.so.preload': '',
  '/etc/profile': 'export PATH=/usr/bin:/bin\n',
  '/etc/hosts': '127.0.0.1 localhost\n',
  '/home/app/.bashrc': 'alias ll="ls -l"\n',
  '/home/app/.ssh/authorized_keys': '',
  '/root/.ssh/authorized_keys': '',
  '/usr/local/bin/healthcheck': '#!/bin/sh\nexit 0\n',
  '/etc/web/settings.json': '{"workers": 2}\n',
  '/etc/web/app.properties': 'pool.size=5\n',
};

export interface EnvelopeWorld {
  sandbox: Sandbox;
  kube: FixerKube;
  pods: string[];
  settings: EnvelopeSettings;
  close(): Promise<void>;
  /** The scope check and the envelope together, as the planner and apply run them. */
  judge(
    actions: ProposalAction[],
    opts?: { risk?: 'low' | 'medium' | 'high'; settings?: EnvelopeSettings },
  ): Promise<{ scope: string[]; envelope: EnvelopeVerdict }>;
}

const WEB = {
  name: 'web',
  image: IMAGE_V2,
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  env: [
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'UPSTREAM_TIMEOUT_MS', value: '500' },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } },
  ],
  resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  livenessProbe: {
    httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
    initialDelaySeconds: 5,
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  },
  readinessProbe: {
    httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 5,
    successThreshold: 1,
    failureThreshold: 3,
  },
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
  volumeMounts: [{ name: 'config', mountPath: '/etc/web', readOnly: true }],
};
const PROXY = { name: 'proxy', image: 'docker.io/envoyproxy/envoy:v1.30.1', resources: { limits: { memory: '64Mi' } } };

export async function startEnvelopeWorld(): Promise<EnvelopeWorld> {
  const sandbox = await startSandbox();
  deployment(sandbox.cluster, { namespace: NS, name: 'web', replicas: 3, image: IMAGE_V1, files: FILES });
  // Revision 2: today's image and the hardened spec, rolled out as the controller would (revision 1 stays as history).
  sandbox.cluster.update('Deployment', NS, 'web', (d) => {
    const spec = d.spec!.template.spec;
    spec.containers = [structuredClone(WEB), structuredClone(PROXY)];
    spec.serviceAccountName = 'web';
    spec.automountServiceAccountToken = false;
    spec.securityContext = { runAsNonRoot: true, fsGroup: 1000 };
    spec.volumes = [{ name: 'config', configMap: { name: 'web-config' } }];
  });
  const rolled = rollout(sandbox.cluster, NS, 'web');
  const pods = (rolled?.pods ?? []).map((p) => p.metadata.name);
  for (const pod of pods)
    for (const [path, text] of Object.entries(FILES))
      sandbox.cluster.files(NS, pod, 'web').set(path, Buffer.from(text));
  const kube = fixerKube(new KubeClient(sandbox.kubeConfig()));
  const settings = DEFAULT_ENVELOPE;
  const target = { namespace: NS, workloadKind: 'Deployment' as const, workloadName: 'web' };
  const scope = {
    namespace: NS,
    workload: { kind: 'Deployment' as const, name: 'web' },
    pods,
    containers: ['web', 'proxy'],
    serviceAccountName: 'web',
  };
  return {
    sandbox,
    kube,
    pods,
    settings,
    close: () => sandbox.stop(),
    async judge(actions, opts = {}) {
      const proposal: Proposal = {
        summary: { rootCause: 'The web container fails its checks.', confidence: 'high', risk: opts.risk ?? 'low' },
        actions,
      };
      return {
        scope: checkProposal(proposal, scope),
        envelope: await checkEnvelope(kube, target, proposal, opts.settings ?? settings, silentLogger()),
      };
    },
  };
}

/** An edit planned against the file as the diagnosis read it (its hash), as propose_fix records it. */
export function edit(pod: string, path: string, content: string, container = 'web'): ProposalAction {
  return {
    type: 'edit_file',
    reason: 'fix the file',
    pod,
    container,
    path,
    content,
    ...(FILES[path] !== undefined ? { expectedSha256: sha256(FILES[path]!) } : {}),
  };
}

export const exec = (pod: string, ...argv: string[]): ProposalAction => ({
  type: 'exec',
  reason: 'run it',
  pod,
  container: 'web',
  argv,
});

export const patch = (p: Record<string, unknown>): ProposalAction => ({
  type: 'patch_workload',
  reason: 'change the spec',
  patch: p,
});

/** A patch of the web container in the pod template. */
export const web = (fields: Record<string, unknown>): ProposalAction =>
  patch({ spec: { template: { spec: { containers: [{ name: 'web', ...fields }] } } } });

/** A patch of the pod template's spec. */
export const podSpec = (fields: Record<string, unknown>): ProposalAction =>
  patch({ spec: { template: { spec: fields } } });
