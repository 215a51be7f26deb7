// The pull-request path's own costs, with the real parts: a shallow clone through the sandbox's smart-HTTP git server
// (token auth, git-http-backend), `kubectl kustomize` of the source path before and after the edit, commit + push of
// a branch, opening a pull request through @octokit/rest on the GitHub fake (every request and answer checked against
// GitHub's OpenAPI description, as the tests run it), one poll answered 304 to its ETag, and the whole diagnosis of an
// OOMKilled Argo CD-managed Deployment (the OOM runbook planning in a clone) as test/gitops/stage.ts stages it.
// The forge runs in this process (its CGI git in children), so its side of each exchange is in the figures: against
// GitHub the network round trips replace it. Run: npm run bench:gitops [-- --runs 20] [--diagnose-runs 10]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  COMMITTER,
  cloneShallow,
  commitAndPush,
  openPullRequest,
  pollPullRequest,
  type RepoView,
  renderKustomize,
  renderWithEdits,
  setContainerResource,
} from '../src/gitops/index.js';
import { startLocalForge } from '../src/sandbox/index.js';
import { REPO, stage, TOKEN } from '../test/gitops/stage.js';
import { median, percentile, report } from './lib.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'diagnose-runs': { type: 'string', default: '10' } },
});
const RUNS = Number(values.runs);
const DIAGNOSE_RUNS = Number(values['diagnose-runs']);
/** A whole diagnosis, clone and renders included, well inside the fixer's budget for a runbook proposal. */
const TARGET_MS = 5_000;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
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
        - name: api
          image: example/api:2.4.0
          resources:
            # Sized for the old dataset.
            limits:
              memory: 64Mi
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`;
const FILES = {
  'apps/api/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - service.yaml\n',
  'apps/api/deployment.yaml': DEPLOYMENT,
  'apps/api/service.yaml': SERVICE,
  'apps/web/kustomization.yaml': 'resources: []\n',
  'README.md': '# shop manifests\n',
};

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
/** `Client Version: v1.32.4` and `Kustomize Version: v5.5.0` → kubectl v1.32.4, kustomize v5.5.0. */
const kubectl = [...run('kubectl', ['version', '--client']).matchAll(/^(\w+) Version: (\S+)/gm)]
  .map(([, what, v]) => `${what === 'Client' ? 'kubectl' : what!.toLowerCase()} ${v}`)
  .join(', ');
const tools = `${run('git', ['--version']).trim()}; ${kubectl}`;

async function timed<T>(into: number[], fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await fn();
  into.push(performance.now() - t);
  return out;
}

const figures: Record<string, number | string> = {
  runs: RUNS,
  'load average (1 min) at start': loadavg()[0]!,
  tools,
};
const put = (name: string, ms: number[]): void => {
  figures[`${name} median / p95 ms`] = `${median(ms).toFixed(1)} / ${percentile(ms, 95).toFixed(1)}`;
};

const scratch = mkdtempSync(join(tmpdir(), 'clopus-bench-gitops-'));
const forgeStart = performance.now();
const forge = await startLocalForge({ token: TOKEN, repos: { [REPO]: FILES } });
figures['forge start ms (git server, GitHub fake, spec load)'] = performance.now() - forgeStart;
figures['GitHub fake specLoadMs (one-off: read and cut the OpenAPI description)'] = forge.github.specLoadMs;
const url = forge.url(REPO);
const auth = { token: TOKEN };
const target = { repoUrl: url, apiUrl: forge.github.url, token: TOKEN };
try {
  // (1) Shallow clones, each into a fresh directory; each is later the base of one pushed branch.
  const clones: RepoView[] = [];
  const clone: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const { dir, headSha } = await timed(clone, () =>
      cloneShallow({ url, ref: 'main', dir: join(scratch, `clone-${i}`), auth }),
    );
    clones.push({ dir, url, ref: 'main', headSha, sourcePath: 'apps/api' });
  }
  clone.shift(); // the first also starts git-http-backend's caches
  put('shallow clone (smart HTTP, token auth)', clone);

  // (2) Renders of the source path, before and with the edit.
  const view = clones[0]!;
  const edited = setContainerResource(
    DEPLOYMENT,
    { kind: 'Deployment', name: 'api' },
    'api',
    ['limits', 'memory'],
    '128Mi',
  );
  if (!edited) throw new Error('the memory limit could not be edited');
  const edits = [{ path: 'apps/api/deployment.yaml', content: edited }];
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const objects = await timed(before, () => renderKustomize(view.dir, view.sourcePath));
    const changed = await timed(after, () => renderWithEdits(view, edits));
    if (objects.length !== 2 || !JSON.stringify(changed).includes('128Mi')) throw new Error('a render is wrong');
  }
  before.shift();
  after.shift();
  put('kubectl kustomize, source path (before)', before);
  put('renderWithEdits (copy tracked files + kustomize)', after);

  // (3) Commit + push of one branch per clone.
  const push: number[] = [];
  for (const [i, c] of clones.entries()) {
    await timed(push, () =>
      commitAndPush({
        dir: c.dir,
        url,
        auth,
        branch: `clopus/incident-${i + 1}`,
        files: edits,
        message: `Raise api's memory limit to 128Mi (incident ${i + 1})`,
        author: COMMITTER,
      }),
    );
  }
  push.shift();
  put('commit + push of a branch', push);

  // (4) Pull requests; the first compiles the fake's validators for the routes it meets, so it is shown apart.
  const open: number[] = [];
  const pulls: number[] = [];
  for (const i of clones.keys()) {
    const pr = await timed(open, () =>
      openPullRequest({
        ...target,
        head: `clopus/incident-${i + 1}`,
        base: 'main',
        title: `Raise api's memory limit (incident ${i + 1})`,
        body: 'Clopus proposes this change.',
      }),
    );
    pulls.push(pr.number);
  }
  figures['open PR, first in the process (fake compiles its validators) ms'] = open.shift()!;
  put('open PR (@octokit/rest, OpenAPI validation on)', open);

  // (5) Polls with the ETag of a first, full read: nothing changed, so 304.
  const poll: number[] = [];
  const first = await pollPullRequest({ ...target, number: pulls[0]! });
  if (first === 'unchanged' || !first.etag) throw new Error('the first poll carried no ETag');
  for (let i = 0; i < RUNS; i++) {
    const answer = await timed(poll, () => pollPullRequest({ ...target, number: pulls[0]!, etag: first.etag }));
    if (answer !== 'unchanged') throw new Error('a poll with the ETag was not answered 304');
  }
  put('poll with ETag (304)', poll);
  if (forge.github.violations.length > 0)
    throw new Error(`the GitHub fake saw OpenAPI violations: ${JSON.stringify(forge.github.violations)}`);
} finally {
  await forge.stop();
  rmSync(scratch, { recursive: true, force: true });
}

// (6) The whole diagnosis, each on a fresh stage (a diagnosis is claimed once per incident).
const diagnose: number[] = [];
for (let i = 0; i < DIAGNOSE_RUNS; i++) {
  const s = await stage();
  try {
    const incident = await s.oomIncident();
    const outcome = await timed(diagnose, () => s.diagnose(incident.id));
    if (outcome.outcome !== 'proposed') throw new Error(`the diagnosis ended ${JSON.stringify(outcome)}`);
  } finally {
    await s.stop();
  }
}
figures['diagnoseIncident runs (each on a fresh stage)'] = DIAGNOSE_RUNS;
put('diagnoseIncident', diagnose);

report({
  name: 'GitOps pull-request path',
  command: 'npm run bench:gitops',
  figures,
  target: `diagnosis of an OOMKilled GitOps workload (clone, renders, proposal) median ≤ ${TARGET_MS} ms`,
  met: median(diagnose) <= TARGET_MS,
});
