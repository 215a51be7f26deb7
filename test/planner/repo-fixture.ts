// A manifests repository for the GitOps planning tests: a real `git init` and commit in a temporary directory,
// with apps/api (a kustomization of the api Deployment, a worker Deployment and a Service).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { RepoView } from '../../src/gitops/index.js';

export const DEPLOYMENT = `# The api, as the team ships it.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api   # the only container
        image: shop/api:2.0
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            # raised in March after the import job
            memory: 256Mi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
      - name: worker
        image: shop/worker:1.0
        resources:
          limits:
            memory: 256Mi
`;

export const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
  - port: 80
    targetPort: 8080
`;

export const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
resources:
- deployment.yaml
- service.yaml
`;

export const BASE_FILES: Record<string, string> = {
  'apps/api/kustomization.yaml': KUSTOMIZATION,
  'apps/api/deployment.yaml': DEPLOYMENT,
  'apps/api/service.yaml': SERVICE,
  'apps/other/secret-notes.yaml': 'kind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  note: outside the source path\n',
  'README.md': '# manifests\n',
};

export interface TestRepo {
  dir: string;
  headSha: string;
  view(sourcePath?: string): RepoView;
  git(...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A committed repository holding `files` (and `links`: path → symlink target). */
export async function makeRepo(
  files: Record<string, string> = BASE_FILES,
  links: Record<string, string> = {},
): Promise<TestRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'clopus-repo-'));
  const git = async (...args: string[]): Promise<string> =>
    (await execa('git', ['-C', dir, ...args], { env: { ...GIT_ENV, HOME: dir } })).stdout;
  await git('init', '-q', '-b', 'main');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  for (const [path, target] of Object.entries(links)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await symlink(target, join(dir, path));
  }
  await git('add', '-A');
  await git('commit', '-q', '-m', 'manifests');
  const headSha = await git('rev-parse', 'HEAD');
  return {
    dir,
    headSha,
    git,
    view: (sourcePath = 'apps/api') => ({
      dir,
      url: 'https://github.com/acme/manifests.git',
      ref: 'main',
      headSha,
      sourcePath,
    }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
