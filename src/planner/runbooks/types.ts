// What a runbook is given and what it answers.
import type { Config } from '../../config/index.js';
import type { RepoView } from '../../gitops/index.js';
import type { Logger } from '../../logger.js';
import type { PlannerIncident, RevisionContext } from '../claude/types.js';
import type { FixerKube } from '../kube.js';
import type { Proposal } from '../proposal/schema.js';

export type RunbookName = 'oom-memory' | 'image-rollback';

export interface RunbookInput {
  incident: PlannerIncident;
  kube: Pick<FixerKube, 'getWorkload' | 'getPod' | 'listReplicaSets'>;
  settings: Config['fixer']['runbooks'];
  logger: Logger;
  /** A clone of the GitOps repository the workload is deployed from: a fix is then an edit of its manifests. */
  repo?: RepoView | undefined;
  /** A reviewer asked for changes to the last proposal; the OOM runbook applies the memory quantity they named. */
  revision?: RevisionContext | undefined;
}

/**
 * `proposed` and `no_fix` mean a runbook knew the case (the latter says, in a sentence, why it cannot fix it);
 * `not_applicable` means no runbook knows it, so a model may still try; `failed` means reading the cluster failed.
 */
export type RunbookResult =
  | { outcome: 'proposed'; runbook: RunbookName; proposal: Proposal }
  | { outcome: 'no_fix'; runbook: RunbookName; explanation: string }
  | { outcome: 'not_applicable'; explanation: string }
  | { outcome: 'failed'; runbook: RunbookName; reason: string };
