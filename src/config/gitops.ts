// GitOps: which manifest repositories Clopus may open pull requests against, with what token, and how it follows
// a pull request to the cluster. A workload whose manager names a repository not listed here gets no PR path.
import { z } from 'zod';

const positive = z.coerce.number().int().min(1);

/** Where a Secret key lives; the token is read when needed, never stored in the config or the database. */
const SecretKeyRef = z.strictObject({
  /** The Secret's namespace; the bot's own (POD_NAMESPACE, else "clopus") when unset. */
  namespace: z.string().trim().min(1).max(63).optional(),
  name: z.string().trim().min(1).max(253),
  key: z.string().trim().min(1).max(253).default('token'),
});

/** One manifests repository. */
export const GitOpsRepository = z.strictObject({
  /** The repository's HTTPS URL as the Argo CD Application or Flux GitRepository names it. */
  url: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'expected an http(s):// URL (ssh is not supported)'),
  /** An HTTPS token with read, push and pull-request rights on the repository. */
  tokenSecret: SecretKeyRef,
  /** github: open the PR through the GitHub REST API; none: push the branch and print a link to open it. */
  forge: z.enum(['github', 'none']).default('github'),
  /** The GitHub REST API base: https://api.github.com by default; https://HOST/api/v3 for GitHub Enterprise. */
  apiUrl: z.string().url().optional(),
  /** The branch PRs target; the branch the manager follows (its targetRevision or ref) when unset, else `main`. */
  baseBranch: z.string().trim().min(1).max(255).optional(),
});
export type GitOpsRepository = z.infer<typeof GitOpsRepository>;

export const GitOps = z.strictObject({
  repositories: z.array(GitOpsRepository).default([]),
  /** How often an open PR is polled (conditional requests with ETags: an unchanged PR costs no rate limit). */
  pollSeconds: positive.max(3600).default(30),
  /** How long after the merge the GitOps controller has to report the merge commit as synced. */
  syncTimeoutMinutes: positive.max(24 * 60).default(30),
  /**
   * Where Argo CD Applications live (the control plane's namespace first): an instance label names only the app, so
   * it is looked up here. A tracking id that names its namespace (`<namespace>_<app>`) is found anywhere.
   */
  argoNamespaces: z.array(z.string().trim().min(1).max(63)).min(1).default(['argocd']),
  /** The dashboard's address as reviewers reach it, for links in PR bodies; none when unset. */
  dashboardUrl: z.string().url().optional(),
});
export type GitOps = z.infer<typeof GitOps>;
