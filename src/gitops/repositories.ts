// Matching a manager's repository URL to the configured repositories (gitops.repositories).
import type { GitOpsRepository } from '../config/index.js';

/** "https://github.com/shop/manifests.git/" and "https://github.com/shop/manifests" name one repository. */
export function sameRepository(a: string, b: string): boolean {
  const norm = (u: string) =>
    u
      .trim()
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .toLowerCase();
  return norm(a) === norm(b);
}

export function configuredRepository(
  repositories: readonly GitOpsRepository[],
  url: string,
): GitOpsRepository | undefined {
  return repositories.find((r) => sameRepository(r.url, url));
}
