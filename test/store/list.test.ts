import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, Store } from '../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

let store: Store;
let all: Incident[];

// 15 in "shop" and 10 in "pay", one second apart; every third is OOMKilled; every fifth has been resolved.
beforeEach(() => {
  const clock = manualClock();
  store = open(tempDbPath(), clock);
  all = Array.from({ length: 25 }, (_, i) => {
    clock.advance(1);
    const incident = store.createIncident(
      newIncident({
        namespace: i < 15 ? 'shop' : 'pay',
        workloadName: `svc_${i}`,
        reason: i % 3 === 0 ? 'OOMKilled' : 'CrashLoopBackOff',
      }),
      'detector',
    );
    if (i % 5 === 0) bringTo(store, incident.id, 'resolved');
    return incident;
  });
});
afterEach(cleanup);

const ids = (items: Incident[]) => items.map((i) => i.id);

describe('listIncidents', () => {
  it('pages through one namespace with a stable total and no overlap, newest first', () => {
    const pages = [0, 10, 20].map((offset) => store.listIncidents({ namespace: 'shop', limit: 10, offset }));

    expect(pages.map((p) => p.total)).toEqual([15, 15, 15]);
    expect(pages.map((p) => p.items.length)).toEqual([10, 5, 0]);
    expect(pages.flatMap((p) => ids(p.items))).toEqual(ids(all.slice(0, 15)).reverse());
  });

  it('combines state, reason and namespace filters', () => {
    const page = store.listIncidents({ state: ['open'], reason: 'OOMKilled', namespace: 'pay', limit: 50, offset: 0 });

    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.workloadName).sort()).toEqual(['svc_18', 'svc_21', 'svc_24']);
    expect(page.items.every((i) => i.pods.length === 2)).toBe(true);
  });

  it('filters by a single state', () => {
    const page = store.listIncidents({ state: 'resolved', limit: 50, offset: 0, order: 'created_asc' });

    expect(ids(page.items)).toEqual(ids(all.filter((_, i) => i % 5 === 0)));
    expect(page.total).toBe(5);
  });

  it('searches names literally, so an underscore is not a wildcard', () => {
    const page = store.listIncidents({ search: 'SVC_1', limit: 50, offset: 0, order: 'created_asc' });

    expect(page.items.map((i) => i.workloadName)).toEqual([
      'svc_1',
      'svc_10',
      'svc_11',
      'svc_12',
      'svc_13',
      'svc_14',
      'svc_15',
      'svc_16',
      'svc_17',
      'svc_18',
      'svc_19',
    ]);
    expect(store.listIncidents({ search: 'svc%', limit: 5, offset: 0 }).total).toBe(0);
  });

  it.each([
    [0, 0],
    [501, 0],
    [10, -1],
    [1.5, 0],
  ])('refuses limit %d with offset %d as INPUT_INVALID', (limit, offset) => {
    const listing = () => store.listIncidents({ limit, offset });

    expect(listing).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});

describe('countByState', () => {
  it('counts every state, zero included', () => {
    const counts = store.countByState();

    expect(counts.open).toBe(20);
    expect(counts.resolved).toBe(5);
    expect(counts.approved).toBe(0);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(25);
  });
});

describe('listLive', () => {
  it('returns live incidents only, with their pods', () => {
    const live = store.listLive();

    expect(ids(live)).toEqual(ids(all.filter((_, i) => i % 5 !== 0)));
    expect(live.every((i) => i.pods.length === 2)).toBe(true);
  });
});
