// The GitHub fake on the wire, with plain fetch: GitHub's auth, error shapes and headers, conditional requests,
// the /api/v3 prefix, and the OpenAPI validation that refuses requests GitHub would refuse. Every answer it gives
// must pass GitHub's response schema (fake.violations stays empty).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedValidators } from '../../src/sandbox/github/spec.js';
import { GITHUB_TOKEN, type GitHubFake, type MemoryBackend, memoryBackend, startGitHubFake } from '../fakes/github.js';

const REPO = 'acme/deploy';
let fake: GitHubFake;
let backend: MemoryBackend;
const auth = { authorization: `Bearer ${GITHUB_TOKEN}` };

beforeAll(async () => {
  backend = memoryBackend('main', ['fix-a', 'fix-b', 'fix-c']);
  fake = await startGitHubFake({ token: GITHUB_TOKEN, repos: { [REPO]: backend } });
});

afterAll(async () => {
  await fake?.stop();
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
});

async function call(
  method: string,
  path: string,
  init: { body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: { ...auth, 'content-type': 'application/json', ...init.headers },
    ...(init.raw !== undefined
      ? { body: init.raw }
      : init.body !== undefined
        ? { body: JSON.stringify(init.body) }
        : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe('authentication and GitHub error shapes', () => {
  it.each([
    ['no credentials', {}, 'Requires authentication'],
    ['a wrong token', { authorization: 'token ghp_wrong' }, 'Bad credentials'],
  ])('answers %s with 401', async (_, headers, message) => {
    const res = await fetch(`${fake.url}/repos/${REPO}`, { headers });

    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message, documentation_url: 'https://docs.github.com/rest', status: '401' });
  });

  it('accepts both token and Bearer, and answers with GitHub headers', async () => {
    const a = await call('GET', '/user', { headers: { authorization: `token ${GITHUB_TOKEN}` } });
    const b = await call('GET', `/repos/${REPO}`);

    expect(a.body).toMatchObject({ login: 'clopus-bot', type: 'User' });
    expect(b.body).toMatchObject({ full_name: REPO, default_branch: 'main', private: true });
    expect(b.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(b.headers.get('x-github-api-version-selected')).toBe('2022-11-28');
    expect(b.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(Number(b.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(Number(b.headers.get('x-ratelimit-remaining'))).toBeLessThan(5000);
  });

  it('answers 404 Not Found for a repository it does not have and for unknown routes', async () => {
    const repo = await call('GET', '/repos/acme/missing');
    const route = await call('GET', '/repos/acme/deploy/nothing-here');

    expect(repo).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    expect(repo.body.documentation_url).toBe('https://docs.github.com/rest/repos/repos#get-a-repository');
    expect(route).toMatchObject({ status: 404, body: { message: 'Not Found' } });
  });
});

describe('request validation against the OpenAPI description', () => {
  it('refuses a pull request body of the wrong shape with 422, naming each rule', async () => {
    const before = fake.pulls(REPO).length;

    const res = await call('POST', `/repos/${REPO}/pulls`, { body: { head: 5, title: 'x' } });

    expect(res.status).toBe(422);
    expect(res.body.message).toBe(`Invalid request.\n\n"base" wasn't supplied.\nFor 'head', must be string.`);
    expect(res.body.errors).toEqual([
      { resource: 'Request', code: 'missing_field', field: 'base', message: "must have required property 'base'" },
      { resource: 'Request', code: 'invalid', field: 'head', message: 'must be string' },
    ]);
    expect(fake.pulls(REPO)).toHaveLength(before);
  });

  it('refuses a query parameter outside its enum and a path number that is not one', async () => {
    const query = await call('GET', `/repos/${REPO}/pulls?state=merged`);
    const path = await call('GET', `/repos/${REPO}/pulls/first`);

    expect(query.status).toBe(422);
    expect(query.body.errors[0]).toMatchObject({ field: 'query.state', code: 'invalid' });
    expect(path.status).toBe(422);
    expect(path.body.errors[0]).toMatchObject({ field: 'pull_number', message: 'must be integer' });
  });

  it('answers 400 Problems parsing JSON to a body that is not JSON', async () => {
    const res = await call('POST', `/repos/${REPO}/pulls`, { raw: '{"head":' });

    expect(res).toMatchObject({ status: 400, body: { message: 'Problems parsing JSON' } });
  });

  it('holds answers to the response schema: a pull request without its required fields does not pass', async () => {
    const v = await sharedValidators([]);
    const op = v.spec.operations.get('pulls/get')!;

    const issues = v.response(op, 200, { number: 1, state: 'open' });

    expect(issues.map((i) => i.missing)).toEqual(expect.arrayContaining(['url', 'head', 'base', 'user']));
  });
});

describe('pull requests on the wire', () => {
  it('refuses a second open pull request for the same branch, and one for a branch that does not exist', async () => {
    await call('POST', `/repos/${REPO}/pulls`, { body: { head: 'fix-a', base: 'main', title: 'A' } });

    const dup = await call('POST', `/repos/${REPO}/pulls`, { body: { head: 'acme:fix-a', base: 'main', title: 'A' } });
    const missing = await call('POST', `/repos/${REPO}/pulls`, { body: { head: 'nope', base: 'main', title: 'N' } });

    expect(dup.body).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:fix-a.' }],
    });
    expect(missing).toMatchObject({
      status: 422,
      body: { errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] },
    });
  });

  it('answers a GET with a strong ETag and a matching If-None-Match with 304, which costs no rate limit', async () => {
    const created = await call('POST', `/repos/${REPO}/pulls`, { body: { head: 'fix-b', base: 'main', title: 'B' } });
    const path = `/repos/${REPO}/pulls/${created.body.number}`;
    const first = await call('GET', path);
    const etag = first.headers.get('etag')!;
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));

    const strong = await call('GET', path, { headers: { 'if-none-match': etag } });
    const weak = await call('GET', path, { headers: { 'if-none-match': `W/${etag}` } });
    backend.commit('fix-b');
    const changed = await call('GET', path, { headers: { 'if-none-match': etag } });

    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect([strong.status, weak.status, changed.status]).toEqual([304, 304, 200]);
    expect(strong.body).toBeUndefined();
    expect(Number(weak.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    expect(changed.body.head.sha).toBe(backend.branches.get('fix-b'));
  });

  it('lists by owner:branch (a bare branch filters nothing, as on GitHub) and serves /api/v3 with its own URLs', async () => {
    const qualified = await call('GET', `/repos/${REPO}/pulls?head=acme:fix-a&state=all`);
    const bare = await call('GET', `/repos/${REPO}/pulls?head=fix-a&state=all`);
    const ghes = await call('GET', `/api/v3/repos/${REPO}/pulls?head=acme:fix-a`);

    expect(qualified.body.map((p: { head: { ref: string } }) => p.head.ref)).toEqual(['fix-a']);
    expect(bare.body.length).toBeGreaterThan(1);
    expect(ghes.body[0].url).toBe(`${fake.url}/api/v3/repos/${REPO}/pulls/${ghes.body[0].number}`);
  });

  it('closes through PATCH, records who closed it in the issue events, merges through PUT, and comments', async () => {
    const created = await call('POST', `/repos/${REPO}/pulls`, { body: { head: 'fix-c', base: 'main', title: 'C' } });
    const n = created.body.number as number;

    const closed = await call('PATCH', `/repos/${REPO}/pulls/${n}`, { body: { state: 'closed' } });
    const events = await call('GET', `/repos/${REPO}/issues/${n}/events`);
    const mergeClosed = await call('PUT', `/repos/${REPO}/pulls/${n}/merge`, { body: {} });
    await call('PATCH', `/repos/${REPO}/pulls/${n}`, { body: { state: 'open' } });
    const merged = await call('PUT', `/repos/${REPO}/pulls/${n}/merge`, { body: { merge_method: 'merge' } });
    const comment = await call('POST', `/repos/${REPO}/issues/${n}/comments`, { body: { body: 'Synced.' } });
    const after = await call('GET', `/repos/${REPO}/pulls/${n}`);

    expect(closed.body).toMatchObject({ state: 'closed', merged: false, merged_by: null });
    expect(events.body).toMatchObject([{ event: 'closed', actor: { login: 'clopus-bot' } }]);
    expect(mergeClosed).toMatchObject({ status: 405, body: { message: 'Pull Request is not mergeable' } });
    expect(merged.body).toEqual({
      sha: backend.branches.get('main'),
      merged: true,
      message: 'Pull Request successfully merged',
    });
    expect(backend.merges.at(-1)).toMatchObject({ head: 'fix-c', base: 'main' });
    expect(backend.merges.at(-1)!.message).toMatch(/^Merge pull request #\d+ from acme\/fix-c\n\nC$/);
    expect(comment).toMatchObject({ status: 201, body: { body: 'Synced.', user: { login: 'clopus-bot' } } });
    expect(after.body).toMatchObject({ merged: true, merged_by: { login: 'clopus-bot' }, comments: 1 });
    expect(fake.events(REPO, n).map((e) => e.event)).toEqual(['closed', 'reopened', 'merged', 'closed']);
  });
});

describe('without validation', () => {
  it('serves the same API without loading the spec', async () => {
    const plain = await startGitHubFake({
      token: GITHUB_TOKEN,
      repos: { [REPO]: memoryBackend('main', ['x']) },
      validate: false,
    });
    try {
      const res = await fetch(`${plain.url}/repos/${REPO}/pulls?per_page=5`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ head: 'x', base: 'main', title: 'X' }),
      });
      const pull = await fetch(`${plain.url}/repos/${REPO}/pulls/1`, { headers: auth });

      expect(res.status).toBe(201);
      expect(await pull.json()).toMatchObject({ number: 1, head: { ref: 'x' }, merged: false });
      expect(plain.specLoadMs).toBe(0);
    } finally {
      await plain.stop();
    }
  });
});
