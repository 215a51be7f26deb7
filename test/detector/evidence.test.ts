import { describe, expect, it } from 'vitest';
import { type Pod, type PodEvent, parsePod, parsePodEvents } from '../../src/core/pod.js';
import { buildEvidence } from '../../src/detector/evidence.js';
import { ago, condition, eventJson, lastTerminated, NOW, podJson, running, terminated, waiting } from './fixtures.js';

const caps = { maxChars: 2000, maxEvents: 3 };

function crashLoopingPod(): { raw: Record<string, unknown>; pod: Pod } {
  const raw = podJson({
    containers: [
      waiting(
        'app',
        'CrashLoopBackOff',
        'back-off 5m0s restarting failed container=app pod=api-7d9f8b6c5d-x2x7q_shop(…)',
        {
          restartCount: 7,
          lastState: lastTerminated({
            exitCode: 1,
            reason: 'Error',
            message: 'fatal: DATABASE_URL=postgres://api:pw123@db/shop unreachable',
            finishedSecondsAgo: 90,
          }),
        },
      ),
      running('proxy', { image: 'envoyproxy/envoy:v1.30.1' }),
    ],
  });
  return { raw, pod: parsePod(raw) };
}

const events = (raw: Record<string, unknown>, list: Array<Parameters<typeof eventJson>[1]>): PodEvent[] =>
  parsePodEvents({ apiVersion: 'v1', kind: 'EventList', items: list.map((e) => eventJson(raw, e)) });

describe('buildEvidence', () => {
  it('summarises a crash-looping container with its last termination, events and logs', () => {
    const { raw, pod } = crashLoopingPod();
    const podEvents = events(raw, [
      {
        reason: 'BackOff',
        message: 'Back-off restarting failed container app in pod api-7d9f8b6c5d-x2x7q_shop(…)',
        fieldPath: 'spec.containers{app}',
        count: 31,
        lastSeenSecondsAgo: 10,
      },
      {
        reason: 'Pulled',
        message: 'Container image "registry.example.com/shop/api:1.4.2" already present on machine',
        type: 'Normal',
        fieldPath: 'spec.containers{app}',
      },
      {
        reason: 'Unhealthy',
        message: 'Readiness probe failed: connection refused',
        fieldPath: 'spec.containers{proxy}',
      },
    ]);

    const evidence = buildEvidence({
      pod,
      container: 'app',
      events: podEvents,
      logs: { text: 'booting\nDB_PASSWORD=pw123\npanic: no db\n', previous: true },
      caps,
    });

    expect(evidence).toEqual({
      pod: 'api-7d9f8b6c5d-x2x7q',
      container: 'app',
      state: 'waiting: CrashLoopBackOff',
      lastTermination: {
        exitCode: 1,
        reason: 'Error',
        message: 'fatal: DATABASE_URL=postgres://api:[REDACTED]@db/shop unreachable',
        finishedAt: '2024-05-01T11:58:30.000Z',
      },
      restarts: 7,
      events: [
        {
          reason: 'BackOff',
          message: 'Back-off restarting failed container app in pod api-7d9f8b6c5d-x2x7q_shop(…)',
          count: 31,
          lastSeen: '2024-05-01T11:59:50.000Z',
        },
      ],
      logTail: 'booting\nDB_PASSWORD=[REDACTED]\npanic: no db\n',
      logsPrevious: true,
      truncated: false,
    });
  });

  it('merges repeated events, newest first, and caps them', () => {
    const { raw, pod } = crashLoopingPod();
    const podEvents = events(raw, [
      { reason: 'Failed', message: 'Error: failed to start', count: 2, lastSeenSecondsAgo: 300 },
      { reason: 'BackOff', message: 'Back-off restarting', count: 5, lastSeenSecondsAgo: 20 },
      { reason: 'Failed', message: 'Error: failed to start', count: 3, lastSeenSecondsAgo: 60 },
      { reason: 'FailedMount', message: 'MountVolume.SetUp failed', lastSeenSecondsAgo: 4000 },
      { reason: 'Unhealthy', message: 'Liveness probe failed', lastSeenSecondsAgo: 100 },
    ]);

    const evidence = buildEvidence({ pod, container: 'app', events: podEvents, logs: null, caps });

    expect(evidence.events.map((e) => [e.reason, e.count])).toEqual([
      ['BackOff', 5],
      ['Failed', 5],
      ['Unhealthy', 1],
    ]);
    expect(evidence.truncated).toBe(true);
  });

  it('keeps only events about this pod instance', () => {
    const { raw, pod } = crashLoopingPod();
    const predecessor = { ...raw, metadata: { ...(raw.metadata as object), uid: 'a-previous-pod-with-the-same-name' } };
    const podEvents = [
      ...events(raw, [{ reason: 'BackOff', message: 'mine' }]),
      ...events(predecessor, [{ reason: 'BackOff', message: 'not mine' }]),
    ];

    const evidence = buildEvidence({ pod, container: 'app', events: podEvents, logs: null, caps });

    expect(evidence.events.map((e) => e.message)).toEqual(['mine']);
  });

  it('sanitizes every string from the cluster', () => {
    const raw = podJson({
      containers: [
        waiting('app', 'CreateContainerConfigError', "couldn't find key \x1b[31mpassword\x1b[0m in Secret shop/db"),
      ],
    });
    const podEvents = events(raw, [{ reason: 'Failed', message: 'Error: token=abc123 \u202erejected\u202c' }]);

    const evidence = buildEvidence({
      pod: parsePod(raw),
      container: 'app',
      events: podEvents,
      logs: { text: '\x1b[1mready\x1b[0m\r\n', previous: false },
      caps,
    });

    expect(evidence.state).toBe("waiting: CreateContainerConfigError (couldn't find key password in Secret shop/db)");
    expect(evidence.events[0]?.message).toBe('Error: token=[REDACTED] rejected');
    expect(evidence.logTail).toBe('ready\n');
  });

  it('keeps the tail of a long log and says it was cut', () => {
    const { pod } = crashLoopingPod();
    const log = Array.from({ length: 500 }, (_, i) => `${ago(500 - i)} request ${i} ok`).join('\n');

    const evidence = buildEvidence({
      pod,
      container: 'app',
      events: [],
      logs: { text: log, previous: false },
      caps: { maxChars: 200, maxEvents: 5 },
    });

    expect(evidence.logTail.length).toBeLessThanOrEqual(200);
    expect(evidence.logTail.endsWith('request 499 ok')).toBe(true);
    expect(evidence.truncated).toBe(true);
  });

  it('describes a pod-level finding by the pod', () => {
    const raw = podJson({
      phase: 'Pending',
      nodeName: null,
      containers: [],
      conditions: [
        condition('PodScheduled', 'False', 600, 'Unschedulable', '0/3 nodes are available: 3 Insufficient memory.'),
      ],
    });
    const podEvents = events(raw, [
      { reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient memory.', count: 12 },
    ]);

    const evidence = buildEvidence({ pod: parsePod(raw), container: null, events: podEvents, logs: null, caps });

    expect(evidence).toMatchObject({
      container: null,
      state: 'pod Pending: Unschedulable',
      restarts: 0,
      logTail: '',
      logsPrevious: false,
    });
    expect(evidence.lastTermination).toBeUndefined();
    expect(evidence.events).toEqual([
      {
        reason: 'FailedScheduling',
        message: '0/3 nodes are available: 3 Insufficient memory.',
        count: 12,
        lastSeen: '2024-05-01T11:59:30.000Z',
      },
    ]);
  });

  it('reports the final termination of a container that will not restart', () => {
    const raw = podJson({
      owner: { kind: 'Job', name: 'report-1' },
      phase: 'Failed',
      restartPolicy: 'Never',
      containers: [terminated('report', { exitCode: 2, reason: 'Error', finishedSecondsAgo: 30 })],
    });

    const evidence = buildEvidence({ pod: parsePod(raw), container: 'report', events: [], logs: null, caps });

    expect(evidence.state).toBe('terminated: Error (exit 2)');
    expect(evidence.lastTermination).toEqual({
      exitCode: 2,
      reason: 'Error',
      finishedAt: new Date(NOW - 30_000).toISOString(),
    });
  });

  it('shows a running container that is not ready', () => {
    const raw = podJson({ containers: [running('app', { ready: false, startedSecondsAgo: 600 })] });

    const evidence = buildEvidence({ pod: parsePod(raw), container: 'app', events: [], logs: null, caps });

    expect(evidence.state).toBe(`running since ${new Date(NOW - 600_000).toISOString()}, not ready`);
  });
});
