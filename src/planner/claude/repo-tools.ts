// Read-only tools over the clone of the GitOps repository the workload is deployed from, confined to the
// manager's source path. File contents are repository data, fenced as untrusted exactly like cluster data.
import { tool } from '@anthropic-ai/claude-agent-sdk';
import { z } from 'zod';
import { describeError } from '../../errors.js';
import { grepRepo, listRepoFiles, type RepoView, readRepoFile } from '../../gitops/index.js';
import { fail, ok } from './tool-context.js';
import { untrusted } from './untrusted.js';

const LIST_CHARS = 16_000;
/** Enough for a manifest whole: an edit needs the file's every line. */
const FILE_CHARS = 64_000;
const GREP_CHARS = 24_000;

const readOnly = { annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } };

const at = (repo: RepoView): string => `${repo.url} at ${repo.headSha.slice(0, 12)}`;

export function repoTools(repo: RepoView) {
  const root = repo.sourcePath || '.';

  const listFiles = tool(
    'list_repo_files',
    `List the tracked files under ${root}, the path the workload is deployed from in its GitOps repository.`,
    {},
    async () => {
      try {
        const { files, truncated } = await listRepoFiles(repo);
        const text = `${files.join('\n') || '(no files)'}${truncated ? '\n… (more files not listed)' : ''}`;
        return ok(untrusted(`files under ${root} in ${at(repo)}`, text, LIST_CHARS));
      } catch (err) {
        return fail(`Cannot list the repository files: ${describeError(err)}`);
      }
    },
    readOnly,
  );

  const readFile = tool(
    'read_repo_file',
    `Read one file under ${root} whole, with its git blob hash (what edit_repo_file takes as baseBlobSha). Paths are from the repository root.`,
    {
      path: z
        .string()
        .min(1)
        .max(1024)
        .describe(`e.g. ${root === '.' ? '' : `${root}/`}deployment.yaml`),
    },
    async ({ path }) => {
      try {
        const file = await readRepoFile(repo, path);
        const body = untrusted(`file ${path} in ${at(repo)}`, file.content, FILE_CHARS);
        const cut = body.includes(' truncated="true"')
          ? '\nThe file was cut for display; it cannot be edited whole, so propose no edit_repo_file of it.'
          : '';
        return ok(`${path}: ${file.bytes} bytes, blob ${file.blobSha}${cut}\n${body}`);
      } catch (err) {
        return fail(`Cannot read ${path}: ${describeError(err)}`);
      }
    },
    readOnly,
  );

  const grep = tool(
    'grep_repo',
    `Find lines containing a fixed string in the tracked text files under ${root} (at most 200 matches).`,
    {
      pattern: z.string().min(1).max(200).describe('A fixed string, not a regular expression'),
      ignoreCase: z.boolean().optional(),
    },
    async ({ pattern, ignoreCase }) => {
      try {
        const { matches, truncated } = await grepRepo(repo, pattern, { ignoreCase: ignoreCase ?? false });
        const lines = matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
        const text = `${lines.join('\n') || '(no matches)'}${truncated ? '\n… (more matches not shown)' : ''}`;
        return ok(untrusted(`matches under ${root} in ${at(repo)}`, text, GREP_CHARS));
      } catch (err) {
        return fail(`Cannot search the repository: ${describeError(err)}`);
      }
    },
    readOnly,
  );

  return [listFiles, readFile, grep];
}
