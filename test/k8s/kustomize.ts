// Renders k8s/ folders with the real kubectl (offline), and reads RBAC and the Deployment out of the documents.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { parse, parseAllDocuments } from 'yaml';

export interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
  subjects?: Subject[];
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: any;
}

export interface Grant {
  /** The binding's namespace, or '*' for a ClusterRoleBinding. */
  scope: string;
  group: string;
  resource: string;
  verb: string;
  /** The rule's resourceNames: the grant holds only for these objects. */
  names?: string[];
}

/** Renders one kustomization folder with `kubectl kustomize`, with a fresh HOME and no kubeconfig. */
export async function render(dir: string): Promise<Doc[]> {
  const home = mkdtempSync(join(tmpdir(), 'clopus-kustomize-'));
  try {
    const { stdout } = await execa('kubectl', ['kustomize', dir], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: join(home, 'none') },
      extendEnv: false,
      timeout: 30_000,
    });
    return parseAllDocuments(stdout).map((d) => d.toJS() as Doc);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Every folder under `root` holding a kustomization.yaml, split into kustomizations and components. */
export function kustomizations(root: string): { kustomizations: string[]; components: string[] } {
  const found = { kustomizations: [] as string[], components: [] as string[] };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'kustomization.yaml') {
        const kind = (parse(readFileSync(path, 'utf8')) as { kind?: string }).kind;
        (kind === 'Component' ? found.components : found.kustomizations).push(relative(process.cwd(), dir) || '.');
      }
    }
  };
  walk(root);
  return found;
}

/** Every (scope, group, resource, verb) a ServiceAccount in `clopus` gets through the bindings in `docs`. */
export function grants(docs: Doc[], serviceAccount: string): Grant[] {
  const out: Grant[] = [];
  for (const b of docs.filter((d) => d.kind === 'RoleBinding' || d.kind === 'ClusterRoleBinding')) {
    if (!b.subjects?.some((s) => s.kind === 'ServiceAccount' && s.name === serviceAccount && s.namespace === 'clopus'))
      continue;
    const role = docs.find(
      (d) =>
        d.kind === b.roleRef?.kind &&
        d.metadata.name === b.roleRef?.name &&
        (d.kind === 'ClusterRole' || d.metadata.namespace === b.metadata.namespace),
    );
    const scope = b.kind === 'RoleBinding' ? (b.metadata.namespace ?? '?') : '*';
    for (const r of role?.rules ?? []) {
      const names = r.resourceNames ? { names: r.resourceNames } : {};
      for (const group of r.apiGroups ?? [])
        for (const resource of r.resources ?? [])
          for (const verb of r.verbs) out.push({ scope, group, resource, verb, ...names });
    }
  }
  return out;
}

/** "scope group/resource verb", and "[name,…]" after it when the grant is pinned to names. */
export const grantKey = (g: Grant): string =>
  `${g.scope} ${g.group || 'core'}/${g.resource} ${g.verb}${g.names ? ` [${g.names.join(',')}]` : ''}`;

/** The one Deployment of a rendering, and its bot container. */
export function botDeployment(docs: Doc[]): { deployment: Doc; pod: any; container: any; env: Map<string, any> } {
  const deployments = docs.filter((d) => d.kind === 'Deployment');
  if (deployments.length !== 1) throw new Error(`expected one Deployment, found ${deployments.length}`);
  const deployment = deployments[0]!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c: { name: string }) => c.name === 'clopus');
  return { deployment, pod, container, env: new Map((container.env ?? []).map((e: { name: string }) => [e.name, e])) };
}

/** The plain value of an env var of the bot container, if it has one. */
export function envValue(docs: Doc[], name: string): string | undefined {
  return botDeployment(docs).env.get(name)?.value;
}
