// Building a Store: open the file, migrate it, prepare statements once, and wrap every operation's failures.
import { silentLogger, type Logger } from '../logger.js';
import { advance } from './advance.js';
import { auditTrail, recordAudit } from './audit.js';
import { openDatabase, toStoreError } from './connection.js';
import { createContext } from './context.js';
import { createIncident } from './create.js';
import { addEvidence, latestEvidence } from './evidence.js';
import { countByState, listIncidents } from './list.js';
import { migrate } from './migrations.js';
import { recordObservation } from './observe.js';
import { findLive, findRecentlyResolved, getIncident, listLive } from './read.js';
import { setSlackMessage } from './slack-message.js';
import { prepareStatements } from './statements.js';
import type { Store } from './types.js';

export interface StoreOptions {
  /** The clock every stored time comes from; tests pin it. */
  now?: () => Date;
  logger?: Logger;
}

/** Turns any failure inside `fn` into a ClopusError that names the operation. */
function guarded<A extends unknown[], R>(op: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      throw toStoreError(op, err);
    }
  };
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
      createIncident: guarded('createIncident', (input, actor) => createIncident(ctx, input, actor)),
      getIncident: guarded('getIncident', (id) => getIncident(ctx, id)),
      findLive: guarded('findLive', (fingerprint) => findLive(ctx, fingerprint)),
      findRecentlyResolved: guarded('findRecentlyResolved', (fp, since) => findRecentlyResolved(ctx, fp, since)),
      listLive: guarded('listLive', () => listLive(ctx)),
      listIncidents: guarded('listIncidents', (query) => listIncidents(ctx, query)),
      countByState: guarded('countByState', () => countByState(ctx)),
      transition: guarded('transition', (id, from, to, meta) => advance(ctx, id, from, to, meta)),
      recordObservation: guarded('recordObservation', (id, observation) => recordObservation(ctx, id, observation)),
      setSlackMessage: guarded('setSlackMessage', (id, channel, ts) => setSlackMessage(ctx, id, channel, ts)),
      addEvidence: guarded('addEvidence', (incidentId, evidence) => addEvidence(ctx, incidentId, evidence)),
      latestEvidence: guarded('latestEvidence', (incidentId) => latestEvidence(ctx, incidentId)),
      recordAudit: guarded('recordAudit', (incidentId, actor, action, detail) =>
        recordAudit(ctx, incidentId, actor, action, detail),
      ),
      auditTrail: guarded('auditTrail', (incidentId) => auditTrail(ctx, incidentId)),
      close: () => {
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw toStoreError('open', err);
  }
}
