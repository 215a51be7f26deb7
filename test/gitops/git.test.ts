// The git client against a real git http-backend (the fake forge) with the real git CLI: clones, reads, pushes,
// and what a user sees when the token is wrong, missing, or would leak.
import { mkdtemp, readdir, readFile as readFs, rm, symlink } from 'node:fs/promises';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClopusError } from '../../src/errors.js';
import { blobSha, cloneShallow, commitAndPush, grep, hashContent, listFiles, readFile } from '../../src/gitops/git.js';
import { type GitServer, startGitServer } from '../fakes/git.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'ghp_FakeToken0123456789abcdefABCDEF';
const REPO = 'shop/manifests';
const AUTHOR = { name: 'Ada Approver', email: 'ada@example.com' };
const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
  '          resources: { limits: { memory: 64Mi } }',
  '',
].join('\n');
const FILES = {
  'apps/web/deployment.yaml': DEPLOYMENT,
  'apps/web/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'apps/api/deployment.yaml': 'kind: Deployment\nmetadata:\n  name: api\n',
  'README.md': 'Shop manifests. The image: tag is pinned.\n',
};

let server: GitServer;
let scratch: string;
let initialSha: string;
let n = 0;
const fresh = () => join(scratch, `clone-${++n}`);
const url = () => server.url(REPO);
const auth = { token: TOKEN };

async function refusal(p: Promise<unknown>): Promise<ClopusError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClopusError);
  expect((err as ClopusError).code).toBe('GIT_FAILED');
  return err as ClopusError;
}

/** A bare environment for running git by hand; with a token, sent as a Bearer header. */
function gitEnvFor(token?: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: scratch,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Local',
    GIT_AUTHOR_EMAIL: 'local@example.com',
    GIT_COMMITTER_NAME: 'Local',
    GIT_COMMITTER_EMAIL: 'local@example.com',
  };
  if (token)
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Bearer ${token}`,
    });
  return env;
}

/** Every file under dir, .git included. */
async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'clopus-git-test-'));
  server = await startGitServer({ token: TOKEN });
  initialSha = await server.createRepo(REPO, FILES);
  await server.commitFiles(REPO, 'release', { 'apps/web/kustomization.yaml': 'resources: []\n' }, 'Release cut');
});

afterAll(async () => {
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('cloneShallow', () => {
  it('clones a branch at its head, one commit deep', async () => {
    const dir = fresh();

    const clone = await cloneShallow({ url: url(), ref: 'release', dir, auth });

    expect(clone.headSha).toBe(await server.head(REPO, 'release'));
    expect(await readFile(dir, 'apps/web/kustomization.yaml')).toBe('resources: []\n');
    const shallow = await execa('git', ['rev-parse', '--is-shallow-repository'], { cwd: dir });
    expect(shallow.stdout).toBe('true');
  });

  it('clones a commit sha that is no longer a branch head', async () => {
    await server.commitFiles(REPO, 'main', { 'apps/api/deployment.yaml': 'kind: Deployment\n' }, 'Later change');
    const dir = fresh();

    const clone = await cloneShallow({ url: url(), ref: initialSha, dir, auth });

    expect(clone.headSha).toBe(initialSha);
    expect(await readFile(dir, 'apps/api/deployment.yaml')).toBe(FILES['apps/api/deployment.yaml']);
  });

  it.each([
    [
      'a wrong token',
      { token: 'ghp_wrongwrongwrong' },
      /the token in the Secret was refused \(HTTP 401\).*read access/,
    ],
    ['no token', undefined, /asked for credentials \(HTTP 401\) and none were given: put a token with read access/],
  ])('refuses %s with a sentence that names the repository, without prompting', async (_, given, said) => {
    const dir = fresh();

    const err = await refusal(cloneShallow({ url: url(), ref: 'main', dir, auth: given, timeoutMs: 20_000 }));

    expect(err.message).toMatch(said);
    expect(err.message).toContain(`git clone (ref main) of ${url()}`);
    expect(err.message).not.toContain('ghp_wrong');
    expect(await readdir(dir).catch(() => 'absent')).toBe('absent');
  });

  it('keeps the token out of every file of the clone, .git included, and out of argv-visible URLs', async () => {
    const dir = fresh();
    const inUrl = url().replace('http://', `http://x-access-token:${TOKEN}@`);

    await cloneShallow({ url: inUrl, ref: 'main', dir });
    await commitAndPush({
      dir,
      url: inUrl,
      branch: 'clopus/token-check',
      files: [{ path: 'apps/web/note.txt', content: 'checked\n' }],
      message: 'Token check',
      author: AUTHOR,
    });

    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    const files = await allFiles(dir);
    expect(files.some((f) => f.endsWith('/.git/config'))).toBe(true);
    for (const file of files) {
      const text = (await readFs(file)).toString('latin1');
      expect(text.includes(TOKEN) || text.includes(basic), file).toBe(false);
    }
    expect(await readFs(join(dir, '.git/config'), 'utf8')).toContain(`url = ${url()}`);
  });

  describe('against a server that accepts connections and never answers', () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((s) => sockets.add(s));
    let silentUrl: string;
    beforeAll(async () => {
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/x.git`;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    });

    it('gives up after its timeout, saying so', async () => {
      const err = await refusal(cloneShallow({ url: silentUrl, ref: 'main', dir: fresh(), auth, timeoutMs: 1000 }));

      expect(err.message).toBe(
        `git clone (ref main) of ${silentUrl} timed out after 1 s; check that the server is reachable from the bot.`,
      );
    });

    it('stops when its signal is aborted', async () => {
      const ctl = new AbortController();
      const before = sockets.size;
      const clone = cloneShallow({ url: silentUrl, ref: 'main', dir: fresh(), auth, signal: ctl.signal });
      await waitFor(() => sockets.size > before, { what: 'git to connect' });

      ctl.abort();

      expect((await refusal(clone)).message).toBe(`git clone (ref main) of ${silentUrl} was cancelled.`);
    });
  });

  it('refuses a URL that is not http(s), and a clone already aborted', async () => {
    const err = await refusal(cloneShallow({ url: 'ext::sh -c id', ref: 'main', dir: fresh() }));
    const ctl = new AbortController();
    ctl.abort();
    const cancelled = await refusal(cloneShallow({ url: url(), ref: 'main', dir: fresh(), auth, signal: ctl.signal }));

    expect(err.message).toMatch(/only https:\/\/ \(or http:\/\/\) repositories are supported|not a valid URL/);
    expect(cancelled.message).toMatch(/was cancelled/);
  });
});

describe('reading a clone', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fresh();
    await cloneShallow({ url: url(), ref: initialSha, dir, auth });
  });

  it('lists tracked files under a path, or all of them', async () => {
    expect(await listFiles(dir, 'apps/web')).toEqual(['apps/web/deployment.yaml', 'apps/web/kustomization.yaml']);
    expect(await listFiles(dir, '')).toEqual(Object.keys(FILES).sort());
    expect(await listFiles(dir, 'nowhere')).toEqual([]);
  });

  it('reads files, answers null for a missing one, and refuses paths out of the repository', async () => {
    await symlink('/etc/hostname', join(dir, 'escape'));

    expect(await readFile(dir, './apps/web/deployment.yaml')).toBe(DEPLOYMENT);
    expect(await readFile(dir, 'apps/missing.yaml')).toBeNull();
    expect((await refusal(readFile(dir, '../x'))).message).toMatch(
      /Refused to read "..\/x": the path leaves the repository/,
    );
    expect((await refusal(readFile(dir, 'apps/../../x'))).message).toMatch(/leaves the repository/);
    expect((await refusal(readFile(dir, '/etc/passwd'))).message).toMatch(/the path is absolute/);
    expect((await refusal(readFile(dir, '.git/config'))).message).toMatch(/inside .git/);
    expect((await refusal(readFile(dir, 'escape'))).message).toMatch(/symlink leading out of the repository/);
  });

  it('greps fixed strings with paths and line numbers, bounded', async () => {
    const hits = await grep(dir, 'image: nginx', 'apps');
    const all = await grep(dir, 'e', '', { maxMatches: 3 });
    const none = await grep(dir, 'image: [a-z]+', 'apps');

    expect(hits).toEqual([{ path: 'apps/web/deployment.yaml', line: 10, text: '          image: nginx:1.27' }]);
    expect(all).toHaveLength(3);
    expect(none).toEqual([]);
    expect(await grep(dir, 'image: [a-z]+', 'apps', { regex: true })).toHaveLength(1);
  });

  it('computes blob hashes equal to git hash-object and to HEAD', async () => {
    const content = 'héllo\nworld\n';
    const git = await execa('git', ['hash-object', '--stdin'], { input: content });

    expect(hashContent(content)).toBe(git.stdout.trim());
    expect(await blobSha(dir, 'apps/web/deployment.yaml')).toBe(hashContent(DEPLOYMENT));
    expect(await blobSha(dir, 'apps/missing.yaml')).toBeNull();
    expect(await blobSha(dir, 'apps/web')).toBeNull();
  });
});

describe('commitAndPush and the forge merge', () => {
  const fixed = DEPLOYMENT.replace('memory: 64Mi', 'memory: 256Mi');
  const change = (branch: string, content = fixed, dir = fresh()) => ({
    dir,
    url: url(),
    auth,
    branch,
    files: [{ path: 'apps/web/deployment.yaml', content }],
    message: 'Raise web memory limit to 256Mi\n\nApproved by Ada.',
    author: AUTHOR,
  });

  it('pushes a new branch with the author and content, leaving main alone', async () => {
    const dir = fresh();
    await cloneShallow({ url: url(), ref: 'main', dir, auth });
    const mainBefore = await server.head(REPO, 'main');

    const { commitSha } = await commitAndPush(change('clopus/fix-1', fixed, dir));

    expect(await server.head(REPO, 'clopus/fix-1')).toBe(commitSha);
    expect(await server.readFile(REPO, 'clopus/fix-1', 'apps/web/deployment.yaml')).toBe(fixed);
    const commit = await server.commit(REPO, commitSha);
    expect(commit).toMatchObject({
      parents: [mainBefore],
      author: AUTHOR,
      committer: { name: 'Clopus', email: 'clopus@users.noreply.localhost' },
      message: 'Raise web memory limit to 256Mi\n\nApproved by Ada.',
    });
    expect(await server.head(REPO, 'main')).toBe(mainBefore);
  });

  it('takes the same change pushed again as done, and refuses a different one on an existing branch', async () => {
    const first = await server.head(REPO, 'clopus/fix-1');
    const again = change('clopus/fix-1');
    await cloneShallow({ url: url(), ref: 'main', dir: again.dir, auth });
    const other = change('clopus/fix-1', DEPLOYMENT.replace('nginx:1.27', 'nginx:1.28'));
    await cloneShallow({ url: url(), ref: 'main', dir: other.dir, auth });

    const repeated = await commitAndPush(again);
    const err = await refusal(commitAndPush(other));

    expect(repeated.commitSha).toBe(first);
    expect(err.message).toBe(
      `The branch clopus/fix-1 already exists on ${url()} with other changes; delete the branch or close its pull request, then try again.`,
    );
    expect(await server.head(REPO, 'clopus/fix-1')).toBe(first);
  });

  it('says the token lacks write access when a push is refused, without the token', async () => {
    const dir = fresh();
    await cloneShallow({ url: url(), ref: 'main', dir, auth });

    const err = await refusal(
      commitAndPush({ ...change('clopus/fix-2', fixed, dir), auth: { token: 'ghp_readonly_0000' } }),
    );

    expect(err.message).toMatch(
      /^git ls-remote of http:\/\/127\.0\.0\.1:\d+\/shop\/manifests\.git failed: the token in the Secret was refused/,
    );
    expect(err.message).toContain('write access to the repository contents');
    expect(err.message).not.toContain('ghp_readonly_0000');
    expect(await server.branchExists(REPO, 'clopus/fix-2')).toBe(false);
  });

  it('refuses to write outside the repository', async () => {
    const dir = fresh();
    await cloneShallow({ url: url(), ref: 'main', dir, auth });
    const bad = { ...change('clopus/fix-3', fixed, dir), files: [{ path: '../evil.yaml', content: 'x' }] };

    expect((await refusal(commitAndPush(bad))).message).toMatch(/Refused to write "..\/evil.yaml"/);
    expect(await server.branchExists(REPO, 'clopus/fix-3')).toBe(false);
  });

  it('merges the fix branch into main as a merge commit carrying the change', async () => {
    const mainBefore = await server.head(REPO, 'main');
    const fixHead = await server.head(REPO, 'clopus/fix-1');

    const merge = await server.merge(REPO, 'clopus/fix-1', 'main', 'Merge pull request #1');

    expect(await server.head(REPO, 'main')).toBe(merge);
    expect((await server.commit(REPO, merge))?.parents).toEqual([mainBefore, fixHead]);
    expect(await server.readFile(REPO, 'main', 'apps/web/deployment.yaml')).toBe(fixed);
  });

  it('throws clearly when a merge conflicts', async () => {
    await server.commitFiles(REPO, 'left', { 'README.md': 'left\n' }, 'Left');
    await server.commitFiles(REPO, 'right', { 'README.md': 'right\n' }, 'Right');
    await server.merge(REPO, 'left', 'main', 'Merge left');

    await expect(server.merge(REPO, 'right', 'main', 'Merge right')).rejects.toThrow(/conflicts in README\.md/);
  });
});

describe('the fake forge', () => {
  it('serves a fetch whose request body git sends gzipped', async () => {
    const dir = fresh();
    await cloneShallow({ url: url(), ref: 'main', dir, auth });
    const env = { ...gitEnvFor(TOKEN), GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' };
    // Enough local commits that the "have" lines pass git's 1 KiB gzip threshold.
    await execa('sh', ['-c', 'for i in $(seq 1 60); do git commit -q --allow-empty -m "local $i"; done'], {
      cwd: dir,
      env,
    });
    const remoteHead = await server.commitFiles(REPO, 'main', { 'NOTES.md': 'more\n' }, 'Remote change');

    const fetched = await execa('git', ['fetch', '--deepen=1', 'origin', 'main'], {
      cwd: dir,
      env,
      extendEnv: false,
      reject: false,
    });

    expect(fetched.stderr).toMatch(/Send header: Content-Encoding: gzip/);
    expect(fetched.exitCode).toBe(0);
    expect((await execa('git', ['rev-parse', 'FETCH_HEAD'], { cwd: dir })).stdout).toBe(remoteHead);
  });

  it('rejects an unauthenticated git ls-remote and accepts a Bearer token', async () => {
    const env = gitEnvFor();
    const seen = server.requests.length;

    const anon = await execa('git', ['ls-remote', url()], { env, extendEnv: false, reject: false, timeout: 20_000 });
    const bearer = await execa('git', ['ls-remote', url()], {
      env: gitEnvFor(TOKEN),
      extendEnv: false,
      timeout: 20_000,
    });

    expect(anon.exitCode).toBe(128);
    expect(anon.stderr).toContain('could not read Username');
    expect(server.requests[seen]).toMatchObject({ method: 'GET', authorized: false });
    expect(bearer.exitCode).toBe(0);
    expect(bearer.stdout).toContain('refs/heads/main');
  });
});
