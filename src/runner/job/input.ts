// The text of a diagnosis Job's input file: the input in-process runs read, plus, for a GitOps-managed workload,
// a snapshot of its repository files from the bot's clone, or, when they do not fit, why they are missing.
import type { Logger } from '../../logger.js';
import type { ClaudePlannerInput } from '../../planner/index.js';
import { type SnapshotCaps, snapshotRepo } from '../repo-snapshot.js';
import { diagnosisInput } from '../run.js';
import { DiagnosisInput } from '../schema.js';

/** Bytes of the input as JSON: what has to fit in the ConfigMap. */
export const inputBytes = (text: string): number => Buffer.byteLength(text);

export async function jobInputText(
  input: ClaudePlannerInput,
  opts: { logger: Logger; maxBytes: number; caps?: SnapshotCaps },
): Promise<string> {
  const base = diagnosisInput(input);
  const repo = input.repo;
  if (!repo) return JSON.stringify(base);
  const log = { incidentId: input.incident.id, repository: repo.url, sourcePath: repo.sourcePath };
  const taken = await snapshotRepo(repo, opts.caps);
  const missing = (why: string, facts: Record<string, number>): string => {
    opts.logger.warn({ ...log, ...facts, reason: why }, 'repository files not given to the diagnosis Job');
    const unavailable = `the files of ${repo.url} under ${repo.sourcePath || '.'} were not given to this diagnosis Job: ${why}`;
    return JSON.stringify(DiagnosisInput.parse({ ...base, repoUnavailable: unavailable }));
  };
  if ('unavailable' in taken) return missing(taken.unavailable, { files: taken.files, bytes: taken.bytes });
  const text = JSON.stringify(DiagnosisInput.parse({ ...base, repo: taken.snapshot }));
  // Escaping can grow the files past what the ConfigMap holds even under the byte cap: then none go.
  if (inputBytes(text) > opts.maxBytes)
    return missing(`with them the input would be ${inputBytes(text)} bytes, more than a ConfigMap holds`, {
      files: taken.snapshot.files.length,
      bytes: taken.bytes,
    });
  opts.logger.info(
    { ...log, files: taken.snapshot.files.length, bytes: taken.bytes, skipped: taken.skipped },
    'repository files given to the diagnosis Job',
  );
  return text;
}
