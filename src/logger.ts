// The logger: JSON lines in the cluster, pretty in a terminal; always passed in, never global in library code.
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Log an error under `err` (the thrown value itself, not its message): this prints its type, stack and causes. */
const serializers = { err: pino.stdSerializers.err };

export function createLogger(
  options: { level?: string; pretty?: boolean; destination?: DestinationStream } = {},
): Logger {
  const level = options.level ?? process.env.CLOPUS_LOG_LEVEL ?? 'info';
  // A caller's own stream (a test's) gets the same JSON lines the cluster does.
  if (options.destination) return pino({ level, serializers }, options.destination);
  const pretty = options.pretty ?? (process.stderr.isTTY === true && !process.env.KUBERNETES_SERVICE_HOST);
  if (pretty) {
    return pino({
      level,
      serializers,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } },
    });
  }
  return pino({ level, serializers }, pino.destination(2));
}

/** A logger that drops everything, for tests and for library calls made without one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
