// Bolt and its clients log through this adapter into the app's pino logger. Bolt's info lines (connecting,
// reconnecting) are routine, so they become debug; its warnings and errors stay what they are.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';

const line = (parts: unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? describeError(p) : JSON.stringify(p))).join(' ');

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.DEBUG;
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.debug(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
