import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import {
  approversFor,
  authorizeDecision,
  authorizePause,
  MembershipCache,
  type PolicyConfig,
} from '../../src/policy/index.js';

const policy: PolicyConfig = {
  approvers: ['U0ALICE', 'S0SRE'],
  namespaceApprovers: [{ namespaces: ['shop', 'shop-*'], approvers: ['U0CAROL', 'S0SHOP'] }],
  trusted: [],
};

function membership(groups: Record<string, string[]>, opts: { now?: () => number; fail?: Set<string> } = {}) {
  const calls: string[] = [];
  const cache = new MembershipCache({
    ttlMs: 60_000,
    logger: silentLogger(),
    ...(opts.now ? { now: opts.now } : {}),
    fetch: async (group) => {
      calls.push(group);
      if (opts.fail?.has(group)) throw new Error('no_such_subteam');
      return groups[group] ?? [];
    },
  });
  return { cache, calls };
}

describe('approversFor', () => {
  it.each([
    ['shop', ['U0ALICE', 'S0SRE', 'U0CAROL', 'S0SHOP']],
    ['shop-eu', ['U0ALICE', 'S0SRE', 'U0CAROL', 'S0SHOP']],
    ['payments', ['U0ALICE', 'S0SRE']],
  ])('in %s: the global approvers, plus those of matching namespace rules', (ns, expected) => {
    expect(approversFor(policy, ns)).toEqual(expected);
  });
});

describe('authorizeDecision', () => {
  it.each([
    ['U0ALICE', 'payments', { allowed: true, as: 'user', principal: 'U0ALICE' }],
    ['U0BOB', 'payments', { allowed: true, as: 'group', principal: 'S0SRE' }],
    ['U0CAROL', 'shop', { allowed: true, as: 'user', principal: 'U0CAROL' }],
    ['U0DAVE', 'shop-eu', { allowed: true, as: 'group', principal: 'S0SHOP' }],
    ['U0CAROL', 'payments', { allowed: false, reason: 'you are not an approver for namespace payments' }],
    ['U0MALLORY', 'shop', { allowed: false, reason: 'you are not an approver for namespace shop' }],
  ])('%s in %s', async (user, ns, expected) => {
    const { cache } = membership({ S0SRE: ['U0BOB'], S0SHOP: ['U0DAVE'] });

    expect(await authorizeDecision({ policy, membership: cache }, user, ns)).toEqual(expected);
  });

  it('says when nobody is configured, and when a group could not be read', async () => {
    const { cache } = membership({}, { fail: new Set(['S0SRE']) });

    expect(
      await authorizeDecision(
        { policy: { ...policy, approvers: [], namespaceApprovers: [] }, membership: cache },
        'U0ALICE',
        'shop',
      ),
    ).toEqual({ allowed: false, reason: 'no approvers are configured for namespace shop' });
    expect(await authorizeDecision({ policy, membership: cache }, 'U0BOB', 'payments')).toEqual({
      allowed: false,
      reason:
        'you are not an approver for namespace payments; the membership of S0SRE (no_such_subteam) could not be read',
    });
  });
});

describe('MembershipCache', () => {
  it('reads a group once per TTL, shares concurrent reads, and keeps the last members when a read fails', async () => {
    let t = 0;
    const fail = new Set<string>();
    const { cache, calls } = membership({ S0SRE: ['U0BOB'] }, { now: () => t, fail });

    const first = await Promise.all([cache.members('S0SRE'), cache.members('S0SRE'), cache.members('S0SRE')]);
    t = 30_000;
    await cache.members('S0SRE');
    t = 61_000;
    fail.add('S0SRE');
    const stale = await cache.members('S0SRE');

    expect(first.map((m) => [...m])).toEqual([['U0BOB'], ['U0BOB'], ['U0BOB']]);
    expect(calls).toEqual(['S0SRE', 'S0SRE']);
    expect([...stale]).toEqual(['U0BOB']);
  });
});

describe('authorizePause', () => {
  it('lets any approver pause but only a global approver resume', async () => {
    const { cache } = membership({ S0SRE: ['U0BOB'] });
    const check = { policy, membership: cache };

    expect((await authorizePause(check, 'U0CAROL', true)).allowed).toBe(true);
    expect(await authorizePause(check, 'U0CAROL', false)).toEqual({
      allowed: false,
      reason: 'you are not an approver for all namespaces (resuming auto-approve takes a global approver)',
    });
    expect((await authorizePause(check, 'U0BOB', false)).allowed).toBe(true);
    expect((await authorizePause(check, 'U0MALLORY', true)).allowed).toBe(false);
  });
});
