// The Store: every repository over one SQLite connection, sharing transactions where a transition spans tables.

import type { AnswerRepository } from './repositories/answers.js';
import type { AppliedActionRepository } from './repositories/applied-actions.js';
import type { DiagnosisRepository } from './repositories/diagnoses.js';
import type { EvidenceRepository } from './repositories/evidence.js';
import type { IncidentRepository } from './repositories/incidents.js';
import type { LeaseRepository } from './repositories/leases.js';
import type { OutboxRepository } from './repositories/outbox.js';
import type { ProposalRepository } from './repositories/proposals.js';
import type { PullRequestRepository } from './repositories/pull-requests.js';
import type { RevisionRepository } from './repositories/revisions.js';
import type { SettingsRepository } from './repositories/settings.js';
import type { StatsRepository } from './repositories/stats.js';

export type {
  AnswerRepository,
  AppliedActionRepository,
  DiagnosisRepository,
  EvidenceRepository,
  IncidentRepository,
  LeaseRepository,
  OutboxRepository,
  ProposalRepository,
  PullRequestRepository,
  RevisionRepository,
  SettingsRepository,
  StatsRepository,
};

/** The persistence every module reads and advances incidents through. Lookups return undefined when absent. */
export interface Store
  extends IncidentRepository,
    EvidenceRepository,
    DiagnosisRepository,
    ProposalRepository,
    AppliedActionRepository,
    PullRequestRepository,
    RevisionRepository,
    AnswerRepository,
    StatsRepository,
    OutboxRepository,
    SettingsRepository,
    LeaseRepository {
  readonly path: string;
  /** Throws STORE_ERROR when the database cannot be read; for readiness checks. */
  ping(): void;
  /** Runs `fn` (store calls) as one transaction, for bulk loads; a throw rolls all of it back (batch.ts). */
  batch<T>(fn: () => T): T;
  close(): void;
}
