// The GitHub fake (src/sandbox/github) for tests, and a small in-memory git backend for it: branches are names
// pointing at made-up commit shas, and a merge makes a new sha on the base branch.
import { createHash } from 'node:crypto';
import type { FakeRepoBackend } from '../../src/sandbox/github/index.js';

export * from '../../src/sandbox/github/index.js';

export const GITHUB_TOKEN = 'ghp_testTokenForTheGitHubFake000000000000';

export interface MemoryBackend extends FakeRepoBackend {
  readonly branches: Map<string, string>;
  readonly merges: Array<{ head: string; base: string; message: string; sha: string }>;
  /** A new commit on `branch` (created when missing); returns its sha. */
  commit(branch: string): string;
}

let commits = 0;
const fakeSha = (): string => createHash('sha1').update(`commit ${++commits}`).digest('hex');

export function memoryBackend(defaultBranch = 'main', branches: string[] = []): MemoryBackend {
  const map = new Map<string, string>([[defaultBranch, fakeSha()]]);
  for (const b of branches) map.set(b, fakeSha());
  const merges: MemoryBackend['merges'] = [];
  return {
    defaultBranch,
    branches: map,
    merges,
    commit(branch) {
      const sha = fakeSha();
      map.set(branch, sha);
      return sha;
    },
    branchExists: async (branch) => map.has(branch),
    headSha: async (branch) => map.get(branch) ?? null,
    async merge(head, base, message) {
      if (!map.has(head) || !map.has(base)) throw new Error(`cannot merge ${head} into ${base}: no such branch`);
      const sha = fakeSha();
      map.set(base, sha);
      merges.push({ head, base, message, sha });
      return sha;
    },
  };
}
