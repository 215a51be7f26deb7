// Bolt and its clients log through this adapter into the app's pino logger. Bolt's info lines (connecting,
// reconnecting) are routine, so they become debug; its warnings and errors stay what they are.
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';

const line = (parts: unknown[]): string =>
  parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? describeError(p) : JSON.stringify(p))).join(' ');
/** The first error Bolt passed, kept whole under `err` so its stack and cause reach the log. */
const fields = (parts: unknown[]): { err?: Error } => {
  const err = parts.find((p): p is Error => p instanceof Error);
  return err ? { err } : {};
};

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.DEBUG;
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.debug(line(m)),
    warn: (...m: unknown[]) => log.warn(fields(m), line(m)),
    error: (...m: unknown[]) => log.error(fields(m), line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
