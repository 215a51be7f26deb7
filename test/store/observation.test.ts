import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, manualClock, newIncident, open, pod, tempDbPath } from './fixtures.js';

afterEach(cleanup);

function arrange() {
  const clock = manualClock();
  const store = open(tempDbPath(), clock);
  const incident = store.createIncident(newIncident({ pods: [pod('web-1'), pod('web-2')] }), 'detector');
  clock.advance(30);
  return { store, clock, incident };
}

function podsChanged(store: ReturnType<typeof arrange>['store'], id: number) {
  return store.auditTrail(id).filter((e) => e.action === 'pods_changed');
}

describe('recordObservation', () => {
  it('refreshes pods and counters without an audit row while the set of pods is the same', () => {
    const { store, clock, incident } = arrange();

    const change = store.recordObservation(incident.id, {
      pods: [pod('web-1', { restarts: 9, exitCode: 137 }), pod('web-2', { restarts: 4 })],
      restarts: 13,
      message: 'OOMKilled again',
      lastSeenAt: clock.iso(),
    });

    expect(change).toEqual({ added: [], removed: [] });
    expect(store.getIncident(incident.id)).toMatchObject({
      restarts: 13,
      message: 'OOMKilled again',
      lastSeenAt: '2025-03-01T12:00:30.000Z',
      updatedAt: '2025-03-01T12:00:30.000Z',
      pods: [pod('web-1', { restarts: 9, exitCode: 137 }), pod('web-2', { restarts: 4 })],
    });
    expect(podsChanged(store, incident.id)).toEqual([]);
  });

  it('replaces the pods with the current set and audits which came and went', () => {
    const { store, clock, incident } = arrange();

    const change = store.recordObservation(incident.id, {
      pods: [pod('web-2'), pod('web-3'), pod('web-4')],
      restarts: 9,
      message: 'still crashing',
      lastSeenAt: clock.iso(),
    });

    expect(change).toEqual({ added: ['web-3', 'web-4'], removed: ['web-1'] });
    expect(store.getIncident(incident.id)?.pods.map((p) => p.name)).toEqual(['web-2', 'web-3', 'web-4']);
    expect(podsChanged(store, incident.id)).toEqual([
      expect.objectContaining({
        actor: 'detector',
        fromState: null,
        toState: null,
        detail: JSON.stringify({ added: ['web-3', 'web-4'], removed: ['web-1'] }),
      }),
    ]);
  });

  it('writes one audit row per change, not per observation', () => {
    const { store, clock, incident } = arrange();
    const observe = (names: string[]) =>
      store.recordObservation(incident.id, {
        pods: names.map((n) => pod(n)),
        restarts: 1,
        message: 'm',
        lastSeenAt: clock.iso(),
      });

    observe(['web-1', 'web-2']);
    observe(['web-1']);
    observe(['web-1']);
    observe(['web-1', 'web-2']);
    observe(['web-1', 'web-2']);

    expect(podsChanged(store, incident.id).map((e) => e.detail)).toEqual([
      '{"added":[],"removed":["web-2"]}',
      '{"added":["web-2"],"removed":[]}',
    ]);
  });

  it('reports an unknown incident as NOT_FOUND', () => {
    const { store, clock } = arrange();

    const observing = () =>
      store.recordObservation(404, { pods: [], restarts: 0, message: '', lastSeenAt: clock.iso() });

    expect(observing).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
