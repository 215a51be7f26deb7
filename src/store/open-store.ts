// Building a Store: open the file, migrate it, prepare statements once, and wrap every operation's failures.
import { type Logger, silentLogger } from '../logger.js';
import { batch } from './batch.js';
import { guarded, openDatabase, toStoreError } from './connection.js';
import { createContext } from './context.js';
import { ping } from './facets.js';
import { migrate } from './migrations.js';
import { answerRepository } from './repositories/answers.js';
import { appliedActionRepository } from './repositories/applied-actions.js';
import { diagnosisRepository } from './repositories/diagnoses.js';
import { evidenceRepository } from './repositories/evidence.js';
import { incidentRepository } from './repositories/incidents.js';
import { leaseRepository } from './repositories/leases.js';
import { outboxRepository } from './repositories/outbox.js';
import { proposalRepository } from './repositories/proposals.js';
import { pullRequestRepository } from './repositories/pull-requests.js';
import { revisionRepository } from './repositories/revisions.js';
import { settingsRepository } from './repositories/settings.js';
import { statsRepository } from './repositories/stats.js';
import { prepareStatements } from './statements.js';
import type { Store } from './store.js';

export interface StoreOptions {
  /** The clock every stored time comes from; tests pin it. */
  now?: () => Date;
  logger?: Logger;
}

/** Opens (creating and migrating if needed) the SQLite store at `path`; `':memory:'` gives a private one. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const logger = options.logger ?? silentLogger();
  const db = openDatabase(path, logger);
  try {
    migrate(db, { path, logger });
    const ctx = createContext(db, prepareStatements(db), options.now ?? (() => new Date()), logger);
    return {
      path,
      ...incidentRepository(ctx),
      ...evidenceRepository(ctx),
      ...diagnosisRepository(ctx),
      ...proposalRepository(ctx),
      ...appliedActionRepository(ctx),
      ...pullRequestRepository(ctx),
      ...revisionRepository(ctx),
      ...answerRepository(ctx),
      ...statsRepository(ctx),
      ...outboxRepository(ctx),
      ...settingsRepository(ctx),
      ...leaseRepository(ctx),
      ping: guarded('ping', () => ping(ctx)),
      batch: (fn) => guarded('batch', () => batch(ctx, fn))(),
      close: () => {
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw toStoreError('open', err);
  }
}
