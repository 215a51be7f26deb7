// What every store operation works with: one connection, its prepared statements, a clock and a logger.
import type { Database, Statement } from 'better-sqlite3';
import type { Logger } from '../logger.js';
import type { Statements } from './statements.js';

export interface StoreContext {
  readonly db: Database;
  readonly sql: Statements;
  /** The injected clock, as the ISO-8601 UTC string every time column holds. */
  readonly now: () => string;
  readonly logger: Logger;
  /** Statements built from query options (listing filters), prepared on first use and kept. */
  prepared(sql: string): Statement;
  /** Runs reads in one transaction, so that several statements see one snapshot of the file. */
  read<T>(fn: () => T): T;
  /**
   * Runs writes in one BEGIN IMMEDIATE transaction: the write lock is taken up front (waiting up to busy_timeout),
   * so a read-then-write can never be overtaken by another process between the read and the write.
   */
  write<T>(fn: () => T): T;
}

export function createContext(db: Database, sql: Statements, now: () => Date, logger: Logger): StoreContext {
  const cache = new Map<string, Statement>();
  // One transaction wrapper each, built once; better-sqlite3 nests them as savepoints if ever called inside another.
  const tx = db.transaction((fn: () => unknown) => fn());
  return {
    db,
    sql,
    now: () => now().toISOString(),
    logger,
    prepared(text) {
      let statement = cache.get(text);
      if (statement === undefined) {
        statement = db.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
    read: <T>(fn: () => T) => tx.deferred(fn) as T,
    write: <T>(fn: () => T) => tx.immediate(fn) as T,
  };
}
