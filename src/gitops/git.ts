// Real git for GitOps fixes: shallow clones at a ref, reading and searching them, and pushing a fix branch — all
// through the git CLI, with the token only in the child's environment and every failure a GIT_FAILED sentence.
export { type CloneOptions, cloneShallow } from './git-clone.js';
export type { GitAuth } from './git-env.js';
export { hashContent } from './git-hash.js';
export { COMMITTER, type CommitAndPushOptions, commitAndPush } from './git-push.js';
export { blobSha, type GrepMatch, grep, listFiles, MAX_READ_BYTES, readFile, treeSha } from './git-read.js';
export { DEFAULT_TIMEOUT_MS } from './git-run.js';
export { stripCredentials } from './git-url.js';
