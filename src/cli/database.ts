// Which database a command reads, said out loud: only `serve` creates one; every other command refuses a path where
// none exists (a typo, or a demo's database in another directory) instead of quietly creating an empty file there.
import { existsSync } from 'node:fs';
import type { Config } from '../config/index.js';
import { ClopusError } from '../errors.js';
import type { Logger } from '../logger.js';
import { openStore, type Store } from '../store/index.js';

/** What CLOPUS_DB_PATH defaults to (config/schema.ts). */
const DEFAULT_DB = 'clopus.db';

/** A word a POSIX shell reads back as itself. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** "CLOPUS_DB_PATH=/tmp/demo.db " when the database is not the default one, so a printed command can be pasted. */
export function dbPrefix(config: Pick<Config, 'databasePath'>): string {
  return config.databasePath === DEFAULT_DB ? '' : `CLOPUS_DB_PATH=${shellWord(config.databasePath)} `;
}

/** Every `clopus COMMAND` in a hint, prefixed with the database it needs. */
export function withDb(text: string, config: Pick<Config, 'databasePath'>): string {
  const prefix = dbPrefix(config);
  // A command to run follows "with: ", "then ", "or ", "run " or "(", or starts the text; "a running clopus serve" is prose.
  return prefix ? text.replace(/(^|: |\bthen |\bor |\brun |\()clopus (?=[a-z])/g, `$1${prefix}clopus `) : text;
}

/** Opens the configured database, which must exist; `serve` alone creates one. */
export function openExisting(config: Pick<Config, 'databasePath'>, logger?: Logger): Store {
  const path = config.databasePath;
  if (path !== ':memory:' && !existsSync(path)) {
    throw new ClopusError('CONFIG_INVALID', `no database at ${path}; set CLOPUS_DB_PATH or run clopus serve`, {
      exitCode: 2,
    });
  }
  return openStore(path, logger ? { logger } : {});
}

/** The one sentence for an incident ID the database does not hold, whichever command met it. */
export function incidentNotFound(id: number, config: Pick<Config, 'databasePath'>): ClopusError {
  const where = config.databasePath === DEFAULT_DB ? '' : ` in ${config.databasePath}`;
  return new ClopusError(
    'NOT_FOUND',
    withDb(`incident ${id} not found${where}; list them with: clopus incidents`, config),
    { exitCode: 2 },
  );
}
