import { afterEach, describe, expect, it } from 'vitest';
import type { NewOutboxItem } from '../../src/store/index.js';
import { cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

afterEach(cleanup);

function arrange() {
  const clock = manualClock();
  const path = tempDbPath();
  const store = open(path, clock);
  const a = store.createIncident(newIncident({ workloadName: 'a' }), 'detector');
  const b = store.createIncident(newIncident({ workloadName: 'b' }), 'detector');
  return { clock, path, store, a, b };
}

const item = (incidentId: number | null, key: string, kind: 'post' | 'update' = 'post'): NewOutboxItem => ({
  incidentId,
  channel: 'C1',
  kind,
  payload: { target: key.split(':').slice(1, 3).join(':'), text: key },
  dedupeKey: key,
});

describe('outbox', () => {
  it('enqueues in order and adds an item once per dedupe key', () => {
    const { store, a } = arrange();

    const first = store.enqueueOutbox([item(a.id, 'post:incident:1'), item(a.id, 'update:incident:1:v2', 'update')]);
    const again = store.enqueueOutbox([item(a.id, 'post:incident:1')]);

    expect(first.map((i) => [i.dedupeKey, i.status, i.attempts])).toEqual([
      ['post:incident:1', 'pending', 0],
      ['update:incident:1:v2', 'pending', 0],
    ]);
    expect(again).toEqual([]);
    expect(store.listOutbox({ incidentId: a.id })).toHaveLength(2);
  });

  it("offers only each incident's oldest unfinished item, so an incident's items go out in order", () => {
    const { store, a, b } = arrange();
    store.enqueueOutbox([
      item(a.id, 'post:incident:a'),
      item(a.id, 'update:incident:a:1', 'update'),
      item(b.id, 'post:incident:b'),
      item(null, 'post:misc:1'),
    ]);

    const due = store.dueOutbox(10).map((i) => i.dedupeKey);
    store.claimOutbox(store.outboxByKey('post:incident:a')!.id);
    const whileSending = store.dueOutbox(10).map((i) => i.dedupeKey);
    store.markOutboxSent(store.outboxByKey('post:incident:a')!.id, { ts: '1.1', channel: 'C1' });
    const after = store.dueOutbox(10).map((i) => i.dedupeKey);

    expect(due).toEqual(['post:incident:a', 'post:incident:b', 'post:misc:1']);
    expect(whileSending).toEqual(['post:incident:b', 'post:misc:1']);
    expect(after).toEqual(['update:incident:a:1', 'post:incident:b', 'post:misc:1']);
  });

  it('claims an item once, retries it later, and records the ts when sent', () => {
    const { store, a, clock } = arrange();
    const [queued] = store.enqueueOutbox([item(a.id, 'post:incident:a')]);

    const claims = [store.claimOutbox(queued!.id), store.claimOutbox(queued!.id)];
    store.retryOutbox(queued!.id, {
      nextAttemptAt: new Date(Date.parse(clock.iso()) + 5000).toISOString(),
      error: 'HTTP 500',
      inDoubt: true,
    });
    const notYet = store.dueOutbox(10);
    clock.advance(5);
    const due = store.dueOutbox(10);
    store.claimOutbox(queued!.id);
    store.markOutboxSent(queued!.id, { ts: '171.0001', channel: 'C9' });

    expect(claims).toEqual([true, false]);
    expect(notYet).toEqual([]);
    expect(due[0]).toMatchObject({ attempts: 1, inDoubt: true, lastError: 'HTTP 500' });
    expect(store.outboxById(queued!.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      slackTs: '171.0001',
      channel: 'C9',
      inDoubt: false,
      lastError: null,
      sentAt: clock.iso(),
    });
  });

  it('puts items left sending by a stopped sender back, marked in doubt', () => {
    const { store, a, path, clock } = arrange();
    const [queued] = store.enqueueOutbox([item(a.id, 'post:incident:a')]);
    store.claimOutbox(queued!.id);
    store.close();

    const reopened = open(path, clock);
    const recovered = reopened.recoverOutbox();

    expect(recovered).toBe(1);
    expect(reopened.outboxById(queued!.id)).toMatchObject({ status: 'pending', inDoubt: true, attempts: 1 });
  });

  it('supersedes a pending update only when a newer update of the same message waits behind it', () => {
    const { store, a } = arrange();
    const [post, u1, u2] = store.enqueueOutbox([
      item(a.id, 'post:incident:a'),
      item(a.id, 'update:incident:a:1', 'update'),
      item(a.id, 'update:incident:a:2', 'update'),
    ]);

    expect(store.supersedeOutbox(u2!.id, 'incident:a')).toBe(false);
    expect(store.supersedeOutbox(u1!.id, 'incident:a')).toBe(true);
    expect(store.latestOutboxFor('incident:a')?.id).toBe(u2!.id);
    expect(store.latestOutboxFor('incident:ab')).toBeUndefined();
    expect(post!.kind).toBe('post');
  });

  it('lists incidents whose audit trail grew past a cursor, with their newest audit id', () => {
    const { store, a, b } = arrange();
    const cursor = store.incidentChangesSince(0, 100).at(-1)!.lastAuditId;
    store.transition(a.id, 'open', 'diagnosing', { actor: 'fixer' });

    const changes = store.incidentChangesSince(cursor, 100);

    expect(changes).toEqual([{ incidentId: a.id, lastAuditId: store.incidentVersion(a.id) }]);
    expect(store.incidentVersion(b.id)).toBeLessThan(store.incidentVersion(a.id));
  });
});

describe('policy state', () => {
  it('keeps settings with who changed them and when', () => {
    const { store, clock } = arrange();

    store.setSetting('autoApprove', { paused: true }, 'slack:U1');

    expect(store.getSetting('autoApprove')).toEqual({
      key: 'autoApprove',
      value: { paused: true },
      updatedAt: clock.iso(),
      updatedBy: 'slack:U1',
    });
    expect(store.getSetting('missing')).toBeUndefined();
  });

  it('reserves auto-approvals up to the limit per rule and namespace in the window, never while paused', () => {
    const { store, a, clock } = arrange();
    const proposals = [1, 2, 3].map(
      () => store.saveProposal({ incidentId: a.id, diagnosisId: null, summary: {}, actions: [], diff: '' }).id,
    );
    const req = (proposalId: number) => ({
      rule: 'r',
      namespace: 'shop',
      incidentId: a.id,
      proposalId,
      limit: 2,
      windowStart: new Date(Date.parse(clock.iso()) - 3_600_000).toISOString(),
      pauseKey: 'autoApprove',
    });

    const results = [
      store.reserveAutoApproval(req(proposals[0]!)),
      store.reserveAutoApproval(req(proposals[0]!)),
      store.reserveAutoApproval(req(proposals[1]!)),
      store.reserveAutoApproval(req(proposals[2]!)),
    ];
    store.setSetting('autoApprove', { paused: true }, 'U1');
    const paused = store.reserveAutoApproval({ ...req(proposals[2]!), limit: 10 });
    clock.advance(3601);
    store.setSetting('autoApprove', { paused: false }, 'U1');
    const later = store.reserveAutoApproval({
      ...req(proposals[2]!),
      windowStart: new Date(Date.parse(clock.iso()) - 3_600_000).toISOString(),
    });

    expect(results).toEqual(['reserved', 'already', 'reserved', 'limited']);
    expect(paused).toBe('paused');
    expect(later).toBe('reserved');
    expect(store.countAutoApprovals('r', 'shop', '1970-01-01T00:00:00.000Z')).toBe(3);
  });
});
