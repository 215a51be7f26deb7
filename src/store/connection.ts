// Opening the SQLite file with the settings every connection needs, and wrapping SQLite's failures once.

import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { ZodError } from 'zod';
import { ClopusError, describeError, isClopusError } from '../errors.js';
import type { Logger } from '../logger.js';

const BUSY_TIMEOUT_MS = 5000;

/**
 * WAL lets the dashboard read while the bot writes, and lets a second process (a rolling update, a CLI
 * `approve`) open the same file; busy_timeout makes a writer wait for the lock instead of failing at once.
 */
export function openDatabase(path: string, logger: Logger): Database {
  let db: Database | undefined;
  try {
    db = new Sqlite(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && !db.memory) logger.warn({ path, mode }, 'store could not switch to WAL mode');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db?.close();
    throw new ClopusError(
      'STORE_ERROR',
      `Cannot open the database ${path}: ${describeError(err)}. Point CLOPUS_DB_PATH at a writable SQLite file in an existing directory (Clopus creates the file when it is missing).`,
      { cause: err },
    );
  }
}

/** Turns whatever an operation threw into a ClopusError naming the operation; ClopusErrors pass through. */
export function toStoreError(op: string, err: unknown): ClopusError {
  if (isClopusError(err)) return err;
  if (err instanceof Sqlite.SqliteError && err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new ClopusError('NOT_FOUND', `Store ${op} refers to an incident or proposal that does not exist.`, {
      cause: err,
    });
  }
  if (err instanceof ZodError) {
    return new ClopusError('STORE_ERROR', `Store ${op} read a row it cannot understand: ${err.message}`, {
      cause: err,
    });
  }
  return new ClopusError('STORE_ERROR', `Store ${op} failed: ${describeError(err)}`, { cause: err });
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Sqlite.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Turns any failure inside `fn` into a ClopusError that names the operation. */
export function guarded<A extends unknown[], R>(op: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      throw toStoreError(op, err);
    }
  };
}
