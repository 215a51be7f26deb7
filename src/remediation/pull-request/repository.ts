// Which configured repository a delivery goes to, and its token (read from the Secret each time, never kept).
import type { GitOpsRepository } from '../../config/index.js';
import { ClopusError } from '../../errors.js';
import { configuredRepository } from '../../gitops/index.js';
import type { KubeClient } from '../../kube/index.js';
import type { GitOpsDeps } from '../decide/types.js';

export function repositoryFor(gitops: GitOpsDeps, repoUrl: string): GitOpsRepository {
  const repo = configuredRepository(gitops.config.repositories, repoUrl);
  if (!repo)
    throw new ClopusError(
      'CONFIG_INVALID',
      `The repository ${repoUrl} is not in gitops.repositories, so Clopus has no token for it. Add it (url and tokenSecret) and approve again.`,
    );
  return repo;
}

/** Where a repository's token Secret lives, for messages ("the Secret clopus/clopus-git-token, key token"). */
export function tokenSource(gitops: GitOpsDeps, repo: GitOpsRepository): string {
  const ref = repo.tokenSecret;
  return `the Secret ${ref.namespace ?? gitops.namespace}/${ref.name}, key ${ref.key}`;
}

export async function tokenFor(kube: KubeClient, gitops: GitOpsDeps, repo: GitOpsRepository): Promise<string> {
  const ref = repo.tokenSecret;
  const token = (await kube.readSecretKey(ref.namespace ?? gitops.namespace, ref.name, ref.key)).trim();
  if (token === '')
    throw new ClopusError('CONFIG_INVALID', `${tokenSource(gitops, repo)} is empty; put a repository token in it.`);
  return token;
}
