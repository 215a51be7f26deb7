// The forge client (@octokit/rest) against the GitHub fake, which checks every request and answer against GitHub's
// OpenAPI description: opening a pull request (idempotently), following it with conditional requests until it is
// merged or closed, and the sentences a user reads when GitHub refuses.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClopusError } from '../../src/errors.js';
import {
  apiUrlFor,
  createPullRequestLink,
  openPullRequest,
  parseRepoUrl,
  pollPullRequest,
} from '../../src/gitops/forge.js';
import { GITHUB_TOKEN, type GitHubFake, type MemoryBackend, memoryBackend, startGitHubFake } from '../fakes/github.js';

const SECRET = 'the Secret clopus/git-token, key token';

let fake: GitHubFake;
const backends: Record<string, MemoryBackend> = {
  'acme/deploy': memoryBackend('main'),
  'acme/deploy-ghe': memoryBackend('main'),
};

beforeAll(async () => {
  // One spec load per test file (the fake caches it per process): about 0.5 s to read, ~1 s to compile on first use.
  fake = await startGitHubFake({ token: GITHUB_TOKEN, repos: backends, webUrl: 'https://github.example.com' });
});

afterAll(async () => {
  await fake?.stop();
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
});

async function failure(p: Promise<unknown>): Promise<ClopusError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClopusError);
  return err as ClopusError;
}

describe.each([
  { style: 'api.github.com', repo: 'acme/deploy', api: () => fake.url, prefix: '' },
  { style: 'GitHub Enterprise (/api/v3)', repo: 'acme/deploy-ghe', api: () => fake.enterpriseUrl, prefix: '/api/v3' },
])('pull requests through $style', ({ repo, api, prefix }) => {
  const backend = backends[repo]!;
  const target = () => ({ repoUrl: `https://github.example.com/${repo}.git`, apiUrl: api(), token: GITHUB_TOKEN });
  const open = (head: string) =>
    openPullRequest({ ...target(), head, base: 'main', title: `Fix ${head}`, body: 'Clopus proposes this change.' });

  it('opens a pull request and returns its number, web page and head commit', async () => {
    const sha = backend.commit('clopus/incident-1');

    const pr = await open('clopus/incident-1');

    expect(pr).toEqual({ number: pr.number, url: fake.htmlUrl(repo, pr.number), headSha: sha });
    expect(fake.pulls(repo).find((p) => p.number === pr.number)).toMatchObject({
      state: 'open',
      head: 'clopus/incident-1',
      base: 'main',
      title: 'Fix clopus/incident-1',
      body: 'Clopus proposes this change.',
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `${prefix}/repos/${repo}/pulls`, status: 201 });
  });

  it('returns the open pull request for the same branch instead of failing', async () => {
    backend.commit('clopus/incident-2');
    const first = await open('clopus/incident-2');
    const before = fake.pulls(repo).length;

    const again = await open('clopus/incident-2');

    expect(again).toEqual(first);
    expect(fake.pulls(repo)).toHaveLength(before);
    expect(fake.requests.slice(-2).map((r) => r.status)).toEqual([422, 200]);
  });

  it('polls with the ETag and learns "unchanged" from a 304, then sees the merge with its commit and merger', async () => {
    backend.commit('clopus/incident-3');
    const pr = await open('clopus/incident-3');
    const first = await pollPullRequest({ ...target(), number: pr.number });
    expect(first).toMatchObject({ state: 'open', url: fake.htmlUrl(repo, pr.number) });
    const etag = first === 'unchanged' ? undefined : first.etag;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);

    const second = await pollPullRequest({ ...target(), number: pr.number, etag });
    expect(second).toBe('unchanged');
    expect(fake.requests.at(-1)).toMatchObject({ path: `${prefix}/repos/${repo}/pulls/${pr.number}`, status: 304 });

    const mergeSha = await fake.mergePull(repo, pr.number, 'alice');
    const third = await pollPullRequest({ ...target(), number: pr.number, etag });

    expect(third).toMatchObject({ state: 'merged', mergeCommitSha: mergeSha, mergedBy: 'alice' });
    expect(backend.branches.get('main')).toBe(mergeSha);
  });

  it('sees a pull request closed without merging, and who closed it', async () => {
    backend.commit('clopus/incident-4');
    const pr = await open('clopus/incident-4');
    await fake.closePull(repo, pr.number, 'bob');

    const polled = await pollPullRequest({ ...target(), number: pr.number });

    expect(polled).toMatchObject({ state: 'closed', closedBy: 'bob', url: fake.htmlUrl(repo, pr.number) });
    expect(polled).not.toHaveProperty('mergeCommitSha');
    expect(fake.requests.at(-1)).toMatchObject({
      path: `${prefix}/repos/${repo}/issues/${pr.number}/events?per_page=100`,
      status: 200,
    });
  });
});

describe('when GitHub refuses', () => {
  const target = { repoUrl: 'https://github.example.com/acme/deploy', token: GITHUB_TOKEN, tokenSource: SECRET };
  const pr = { head: 'clopus/incident-9', base: 'main', title: 't', body: 'b' };

  it('names the Secret to fix when the token is refused, without the token', async () => {
    const token = 'ghp_revokedToken0000000000000000000000';

    const err = await failure(openPullRequest({ ...target, ...pr, apiUrl: fake.url, token }));

    expect(err.code).toBe('FORGE_ERROR');
    expect(err.message).toContain('401 Bad credentials');
    expect(err.message).toContain(`Put a valid token in ${SECRET}`);
    expect(err.message).not.toContain(token);
  });

  it('surfaces GitHub validation message when the branch was never pushed', async () => {
    const err = await failure(openPullRequest({ ...target, ...pr, apiUrl: fake.url, head: 'not-pushed' }));

    expect(err.message).toBe(
      'GitHub refused to open a pull request from not-pushed into main on acme/deploy: Validation Failed ' +
        '(the head branch not-pushed is not on GitHub (was it pushed?)).',
    );
  });

  it('says the repository is missing or invisible to the token on a 404', async () => {
    const err = await failure(
      pollPullRequest({ ...target, repoUrl: 'https://github.example.com/acme/nope', apiUrl: fake.url, number: 1 }),
    );

    expect(err.message).toContain('GitHub found no repository acme/nope');
    expect(err.message).toContain(`the token in ${SECRET} cannot see it`);
  });

  it('says when the rate limit resets', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    Object.assign(fake.rateLimit, { remaining: 0, reset });

    const err = await failure(pollPullRequest({ ...target, apiUrl: fake.url, number: 1 })).finally(() =>
      Object.assign(fake.rateLimit, { remaining: fake.rateLimit.limit }),
    );

    expect(err.message).toContain("GitHub's API rate limit for this token is used up");
    expect(err.message).toContain(`it resets at ${new Date(reset * 1000).toISOString()} (in `);
  });

  it('says the API cannot be reached when nothing listens there', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });

    const err = await failure(pollPullRequest({ ...target, apiUrl: `http://127.0.0.1:${port}`, number: 1 }));

    expect(err.message).toMatch(
      /^Could not reach GitHub at http:\/\/127\.0\.0\.1:\d+ to read pull request #1 on acme\/deploy/,
    );
  });
});

describe('repository URLs and links', () => {
  it.each([
    ['https://github.com/acme/deploy.git', { host: 'github.com', owner: 'acme', repo: 'deploy' }],
    ['https://x-access-token:secret@github.com/acme/deploy/', { host: 'github.com', owner: 'acme', repo: 'deploy' }],
    ['https://gitlab.example.com/group/sub/app.git', { host: 'gitlab.example.com', owner: 'group/sub', repo: 'app' }],
  ])('parses %s', (url, expected) => {
    const parsed = parseRepoUrl(url);

    expect(parsed).toMatchObject(expected);
    expect(parsed.webUrl).toBe(`https://${expected.host}/${expected.owner}/${expected.repo}`);
  });

  it.each(['not a url', 'ssh://git@github.com/acme/deploy.git', 'https://github.com/acme', 'https://github.com/a/b/c'])(
    'refuses %s with a FORGE_ERROR',
    (url) => {
      expect(() => parseRepoUrl(url)).toThrow(ClopusError);
    },
  );

  it('keeps credentials out of the message for a bad URL', () => {
    let message = '';
    try {
      parseRepoUrl('https://user:hunter22@github.com/acme');
    } catch (err) {
      message = (err as Error).message;
    }

    expect(message).toBe(
      'The repository URL https://github.com/acme does not name a repository; give it as https://host/owner/repo.',
    );
  });

  it.each([
    ['https://github.com/acme/deploy', 'https://api.github.com'],
    ['https://ghe.example.com/acme/deploy.git', 'https://ghe.example.com/api/v3'],
  ])('finds the API of %s', (url, api) => {
    expect(apiUrlFor(url)).toBe(api);
  });

  it.each([
    [
      'https://gitea.example.com/acme/deploy.git',
      'https://gitea.example.com/acme/deploy/compare/main...clopus/incident-3?expand=1',
    ],
    [
      'https://gitlab.com/acme/infra/deploy',
      'https://gitlab.com/acme/infra/deploy/-/merge_requests/new?merge_request[source_branch]=clopus%2Fincident-3&merge_request[target_branch]=main',
    ],
    [
      'https://gitlab.example.com/acme/deploy.git',
      'https://gitlab.example.com/acme/deploy/-/merge_requests/new?merge_request[source_branch]=clopus%2Fincident-3&merge_request[target_branch]=main',
    ],
  ])('links %s to a new pull request page', (url, link) => {
    expect(createPullRequestLink(url, 'clopus/incident-3', 'main')).toBe(link);
  });
});
