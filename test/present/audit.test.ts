// The audit trail as facts a person reads (src/present/), the one place both `clopus show` and the dashboard's
// timeline take them from.
import { describe, expect, it } from 'vitest';
import {
  actionLabel,
  ago,
  at,
  auditFacts,
  factLines,
  moveNote,
  sanitize,
  stateLabel,
  when,
} from '../../src/present/index.js';

describe('auditFacts', () => {
  it.each([
    ['apply', { proposalId: 2, process: { host: 'vm', pid: 28885 } }, ['proposal 2', 'process 28885 on host vm']],
    [
      'applied',
      {
        proposalId: 2,
        since: '2026-12-03T07:12:57.850Z',
        actions: [{ seq: 1, kind: 'patch_workload', status: 'applied', detail: 'patched deployment/cache' }],
      },
      ['proposal 2', 'since 2026-12-03 07:12:57 UTC', '1. patch_workload applied: patched deployment/cache'],
    ],
    [
      'verified',
      { proposalId: 2, verdict: 'verified', detail: '2 pods Ready', windowSeconds: 5 },
      ['proposal 2', '2 pods Ready', 'verification window 5 s'],
    ],
    [
      'proposed',
      { attempt: 1, model: null, costUsd: 0, actions: ['patch_workload', 'exec'] },
      ['attempt 1', 'actions: patch_workload, exec'],
    ],
    ['proposed', { costUsd: 0.0712, model: 'claude-sonnet' }, ['cost $0.0712', 'model: claude-sonnet']],
    [
      'rollback_retry',
      { proposalId: 3, via: 'slack', firstBy: 'U024BE7LH', firstAt: '2026-01-02T03:04:05Z' },
      ['proposal 3', 'via slack', 'first requested by U024BE7LH at 2026-01-02 03:04:05 UTC'],
    ],
    [
      'interrupted',
      { proposalId: 4, reason: 'the bot stopped during apply', actionsRecorded: 1 },
      ['proposal 4', 'the bot stopped during apply', '1 action recorded'],
    ],
    [
      'something_new',
      { someCamelKey: 'x', nested: { innerKey: 3, when: '2026-01-02T03:04:05Z' }, flag: true },
      ['some camel key: x', 'nested: inner key 3, when 2026-01-02 03:04:05 UTC', 'flag: yes'],
    ],
  ])('reads %s details as facts', (action, detail, facts) => {
    expect(auditFacts(action, JSON.stringify(detail))).toEqual(facts);
  });

  it.each([
    ['free text', 'no OOMKilled seen for 120 s', ['no OOMKilled seen for 120 s']],
    ['a JSON string', JSON.stringify('quoted "text"'), ['quoted "text"']],
    ['nothing', null, []],
    ['an empty object', '{}', []],
    [
      'terminal escapes and controls',
      JSON.stringify({ reason: 'a\u001b[31mred\u001b[0m\u0007 b\u001b]0;title\u0007c\u202eevil\r\nnext' }),
      ['ared bcevil next'],
    ],
  ])('reads %s', (_, detail, facts) => {
    expect(auditFacts('x', detail)).toEqual(facts);
  });

  it('cuts a fact that has no bound (cluster text) at 500 characters', () => {
    const [fact] = auditFacts('reopened', `CrashLoopBackOff again: ${'x'.repeat(10_000)}`);

    expect(fact).toHaveLength(500);
    expect(fact!.endsWith('…')).toBe(true);
  });
});

describe('labels and times', () => {
  it.each([
    ['rolled_back', 'Rolled back'],
    ['no_fix', 'No fix'],
    ['diagnosis_failed', 'Diagnosis failed'],
  ] as const)('%s reads %s', (state, label) => {
    expect(stateLabel(state)).toBe(label);
  });

  it.each([
    ['approve', 'approved', undefined],
    ['rolled_back', 'rolled_back', undefined],
    ['diagnose', 'diagnosing', undefined],
    ['detected', 'open', 'detected'],
    ['recovered', 'resolved', 'recovered'],
    ['stale', 'expired', 'stale'],
  ] as const)('moveNote(%s, %s) is %s', (action, to, note) => {
    expect(moveNote(action, to)).toBe(note);
  });

  it('labels events', () => {
    expect([actionLabel('pods_changed'), actionLabel('auto_approve'), actionLabel('approve_refused')]).toEqual([
      'Pods changed',
      'Auto-approved by policy',
      'Approval refused',
    ]);
  });

  it('writes times for people, against a pinned clock', () => {
    const now = new Date('2026-03-01T12:05:00Z');

    expect(at('2026-03-01T12:00:03.250Z')).toBe('2026-03-01 12:00:03 UTC');
    expect([
      ago('2026-03-01T12:04:58Z', now),
      ago('2026-03-01T12:04:20Z', now),
      ago('2026-03-01T12:00:00Z', now),
      ago('2026-02-27T12:00:00Z', now),
      ago('2026-03-01T12:10:00Z', now),
    ]).toEqual(['just now', '40 s ago', '5 min ago', '2 d ago', 'in 5 min']);
    expect(when('2026-03-01T12:00:00Z', now)).toBe('2026-03-01 12:00:00 UTC (5 min ago)');
    expect(when('not a time', now)).toBe('not a time');
  });

  it('puts short facts on one line and long ones or actions on their own', () => {
    expect(
      factLines(['proposal 2', 'via policy', '1. patch_workload applied: done', 'x'.repeat(70), 'risk: low']),
    ).toEqual(['proposal 2 · via policy', '1. patch_workload applied: done', 'x'.repeat(70), 'risk: low']);
  });

  it('sanitizes to one line', () => {
    expect(sanitize(' a\u001b[1mb\u001b[0m\n\tc\u0000 ')).toBe('ab c');
  });
});
