// Gathers evidence for a new incident from the API server: warning events and the log tail, sanitized and redacted.

import type { Config } from '../config/index.js';
import type { Evidence, Pod, Reason } from '../core/index.js';
import { parsePodEvents } from '../core/index.js';
import type { KubeClient } from '../kube/index.js';
import type { Logger } from '../logger.js';
import { buildEvidence } from './evidence.js';

/** Reasons whose useful logs are the crashed instance's, not the fresh one's. */
const PREVIOUS_LOG_REASONS = new Set<Reason>(['CrashLoopBackOff', 'OOMKilled', 'RapidRestarts', 'InitContainerFailed']);

export async function collectEvidence(
  kube: KubeClient,
  pod: Pod,
  container: string | null,
  reason: Reason,
  caps: Config['evidence'],
  logger: Logger,
): Promise<Evidence> {
  const { namespace, name } = pod.metadata;
  const [events, logs] = await Promise.all([
    kube.podWarningEvents(namespace, name).then(parsePodEvents, (err: unknown) => {
      logger.warn({ namespace, pod: name, err }, 'cannot read pod events for evidence');
      return [];
    }),
    container
      ? readLogs(kube, namespace, name, container, PREVIOUS_LOG_REASONS.has(reason), caps, logger)
      : Promise.resolve(null),
  ]);
  return buildEvidence({ pod, container, events, logs, caps: { maxChars: caps.maxChars, maxEvents: caps.maxEvents } });
}

async function readLogs(
  kube: KubeClient,
  namespace: string,
  pod: string,
  container: string,
  preferPrevious: boolean,
  caps: Config['evidence'],
  logger: Logger,
): Promise<{ text: string; previous: boolean } | null> {
  const read = (previous: boolean) =>
    kube.readLog({ namespace, pod, container, previous, tailLines: caps.logTailLines, limitBytes: caps.logLimitBytes });
  try {
    if (preferPrevious) {
      const prev = await read(true);
      if (prev !== null) return { text: prev, previous: true };
    }
    const current = await read(false);
    return current === null ? null : { text: current, previous: false };
  } catch (err) {
    logger.warn({ namespace, pod, container, err }, 'cannot read logs for evidence');
    return null;
  }
}
