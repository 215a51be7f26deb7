// The logger: JSON lines in the cluster, pretty in a terminal; always passed in, never global in library code.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.CLOPUS_LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? (process.stderr.isTTY === true && !process.env.KUBERNETES_SERVICE_HOST);
  if (pretty) {
    return pino({ level, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino({ level }, pino.destination(2));
}

/** A logger that drops everything, for tests and for library calls made without one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
