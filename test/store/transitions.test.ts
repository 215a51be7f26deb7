import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IncidentState, STATES } from '../../src/core/index.js';
import { allTransitions, canTransition } from '../../src/store/index.js';
import { bringTo, cleanup, manualClock, newIncident, open, tempDbPath } from './fixtures.js';

const allowed = allTransitions();
const refused = STATES.flatMap((from) =>
  STATES.filter((to) => !canTransition(from, to)).map((to): [IncidentState, IncidentState] => [from, to]),
);

function incidentIn(state: IncidentState) {
  const clock = manualClock();
  const store = open(tempDbPath(), clock);
  const { id } = store.createIncident(newIncident(), 'detector');
  bringTo(store, id, state);
  return { store, id, clock };
}

describe('the transition table', () => {
  it('lets resolved happen from every state before applying, and from none after', () => {
    const resolvable = STATES.filter((s) => canTransition(s, 'resolved'));

    expect(resolvable.sort()).toEqual(
      [
        'open',
        'diagnosing',
        'diagnosis_failed',
        'no_fix',
        'proposed',
        'revising',
        'approved',
        'rejected',
        'expired',
      ].sort(),
    );
  });
});

describe('store.transition', () => {
  afterEach(cleanup);

  it.each(allowed)('moves %s → %s and writes one audit row', (from, to) => {
    const { store, id } = incidentIn(from);
    const auditBefore = store.auditTrail(id).length;

    const moved = store.transition(id, from, to, { actor: 'U123', action: 'test-move', detail: { why: 'table' } });

    expect(moved).toBe(true);
    expect(store.getIncident(id)?.state).toBe(to);
    const trail = store.auditTrail(id);
    expect(trail).toHaveLength(auditBefore + 1);
    expect(trail.at(-1)).toMatchObject({
      actor: 'U123',
      fromState: from,
      toState: to,
      action: 'test-move',
      detail: '{"why":"table"}',
    });
  });

  it.each(allowed)('returns false and writes nothing when %s → %s has already happened', (from, to) => {
    const { store, id } = incidentIn(from);
    store.transition(id, from, to, { actor: 'first' });
    const before = { incident: store.getIncident(id), trail: store.auditTrail(id) };

    const moved = store.transition(id, from, to, { actor: 'second' });

    expect(moved).toBe(false);
    expect(store.getIncident(id)).toEqual(before.incident);
    expect(store.auditTrail(id)).toEqual(before.trail);
  });

  it('refuses a list of from-states if any one of them may not move to the target', () => {
    const { store, id } = incidentIn('proposed');

    const moving = () => store.transition(id, ['proposed', 'applying'], 'resolved', { actor: 'detector' });

    expect(moving).toThrow(/cannot move from applying to resolved/);
    expect(store.getIncident(id)?.state).toBe('proposed');
  });

  it('accepts any of several from-states and audits the one the incident was in', () => {
    const { store, id } = incidentIn('no_fix');

    const moved = store.transition(id, ['open', 'diagnosing', 'no_fix'], 'resolved', { actor: 'detector' });

    expect(moved).toBe(true);
    expect(store.auditTrail(id).at(-1)).toMatchObject({ fromState: 'no_fix', toState: 'resolved', action: 'resolved' });
  });

  it('reports a missing incident as NOT_FOUND', () => {
    const { store } = incidentIn('open');

    const moving = () => store.transition(999, 'open', 'diagnosing', { actor: 'U123' });

    expect(moving).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('stamps resolved_at on resolve, and a reopen clears it and counts the reopen', () => {
    const { store, id, clock } = incidentIn('diagnosing');
    clock.advance(60);
    store.transition(id, 'diagnosing', 'resolved', { actor: 'detector' });
    const resolved = store.getIncident(id);
    clock.advance(60);

    store.transition(id, 'resolved', 'open', { actor: 'detector', action: 'reopened' });

    expect(resolved).toMatchObject({ state: 'resolved', resolvedAt: '2025-03-01T12:01:00.000Z', reopenCount: 0 });
    expect(store.getIncident(id)).toMatchObject({
      state: 'open',
      resolvedAt: null,
      reopenCount: 1,
      updatedAt: '2025-03-01T12:02:00.000Z',
    });
  });
});

describe('store.transition refused moves', () => {
  let ctx: ReturnType<typeof incidentIn>;
  beforeAll(() => {
    ctx = incidentIn('open');
    return cleanup;
  });

  it.each(refused)('refuses %s → %s with TRANSITION_REFUSED and writes nothing', (from, to) => {
    const trailBefore = ctx.store.auditTrail(ctx.id);

    const moving = () => ctx.store.transition(ctx.id, from, to, { actor: 'U123' });

    expect(moving).toThrow(expect.objectContaining({ code: 'TRANSITION_REFUSED' }));
    expect(ctx.store.getIncident(ctx.id)?.state).toBe('open');
    expect(ctx.store.auditTrail(ctx.id)).toEqual(trailBefore);
  });
});
