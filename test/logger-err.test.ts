// Issue 13 point 7: a logged error keeps its stack and cause in the JSON line, not just its message.
import { describe, expect, it } from 'vitest';
import { parsePod } from '../src/core/index.js';
import { collectEvidence } from '../src/detector/evidence-collector.js';
import { ClopusError } from '../src/errors.js';
import type { KubeClient } from '../src/kube/index.js';
import { createLogger } from '../src/logger.js';
import { podJson } from './detector/fixtures.js';

type Line = Record<string, unknown> & { err?: Record<string, unknown> };

function jsonLogger(): { logger: ReturnType<typeof createLogger>; lines: Line[] } {
  const lines: Line[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Line) },
  });
  return { logger, lines };
}

const CAPS = { logTailLines: 100, logLimitBytes: 64 * 1024, maxChars: 6000, maxEvents: 10 };

describe('logging an error', () => {
  it('prints the stack and the cause of an error a detector call site logs', async () => {
    const { logger, lines } = jsonLogger();
    const refused = new Error('connect ECONNREFUSED 10.96.0.1:443');
    const failure = new ClopusError('KUBE_UNREACHABLE', 'the API server cannot be reached', { cause: refused });
    const kube = {
      podWarningEvents: async () => ({ kind: 'EventList', items: [] }),
      readLog: async () => {
        throw failure;
      },
    } as unknown as KubeClient;

    const evidence = await collectEvidence(kube, parsePod(podJson()), 'app', 'CrashLoopBackOff', CAPS, logger);

    expect(evidence).toBeDefined();
    const line = lines.find((l) => l.msg === 'cannot read logs for evidence');
    expect(line).toMatchObject({ level: 40, namespace: 'shop', container: 'app' });
    const err = line!.err!;
    expect(err).toMatchObject({ type: 'ClopusError', code: 'KUBE_UNREACHABLE' });
    // pino's err serializer folds the cause into the message and the stack.
    expect(err.message).toBe('the API server cannot be reached: connect ECONNREFUSED 10.96.0.1:443');
    expect(err.stack).toEqual(expect.stringContaining('ClopusError: the API server cannot be reached\n    at '));
    expect(err.stack).toEqual(expect.stringContaining('caused by: Error: connect ECONNREFUSED 10.96.0.1:443\n    at '));
    expect(err.stack).toEqual(expect.stringContaining('logger-err.test.ts'));
  });

  it('keeps the stack through a child logger, and leaves a thrown non-error as it was', () => {
    const { logger, lines } = jsonLogger();
    const child = logger.child({ component: 'slack' });

    child.error({ err: new TypeError('boom'), incidentId: 7 }, 'a fixed message');
    child.warn({ err: 'just a string' }, 'another fixed message');

    expect(lines[0]).toMatchObject({
      component: 'slack',
      incidentId: 7,
      msg: 'a fixed message',
      err: { type: 'TypeError', message: 'boom' },
    });
    expect(lines[0]!.err!.stack).toEqual(expect.stringContaining('TypeError: boom\n    at '));
    expect(lines[1]).toMatchObject({ msg: 'another fixed message', err: 'just a string' });
  });
});
