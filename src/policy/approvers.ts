// Who may decide: Slack user IDs or user groups, global or per namespace (per-namespace approvers add to the global ones).
import { describeError } from '../errors.js';
import { matchesNamespace } from './globs.js';
import type { MembershipCache } from './membership.js';
import type { Authorization, PolicyConfig } from './types.js';

const isGroup = (principal: string): boolean => principal.startsWith('S');

/** Every principal that may decide in `namespace`: the global approvers, then those of matching namespace rules. */
export function approversFor(policy: PolicyConfig, namespace: string): string[] {
  const scoped = policy.namespaceApprovers
    .filter((r) => matchesNamespace(r.namespaces, namespace))
    .flatMap((r) => r.approvers);
  return [...new Set([...policy.approvers, ...scoped])];
}

/** Every principal named anywhere in the policy. */
export function allApprovers(policy: PolicyConfig): string[] {
  return [...new Set([...policy.approvers, ...policy.namespaceApprovers.flatMap((r) => r.approvers)])];
}

/** Whether `userId` is one of `principals`, directly or through a user group. */
export async function authorizeAmong(
  userId: string,
  principals: readonly string[],
  membership: MembershipCache,
  scope: string,
): Promise<Authorization> {
  if (principals.length === 0) return { allowed: false, reason: `no approvers are configured for ${scope}` };
  if (principals.includes(userId)) return { allowed: true, as: 'user', principal: userId };
  const failures: string[] = [];
  for (const group of principals.filter(isGroup)) {
    try {
      if ((await membership.members(group)).has(userId)) return { allowed: true, as: 'group', principal: group };
    } catch (err) {
      failures.push(`${group} (${describeError(err)})`);
    }
  }
  const unread = failures.length > 0 ? `; the membership of ${failures.join(', ')} could not be read` : '';
  return { allowed: false, reason: `you are not an approver for ${scope}${unread}` };
}

export interface ApproverCheck {
  policy: PolicyConfig;
  membership: MembershipCache;
}

/** May `userId` approve, reject or roll back an incident in `namespace`? */
export function authorizeDecision(check: ApproverCheck, userId: string, namespace: string): Promise<Authorization> {
  return authorizeAmong(userId, approversFor(check.policy, namespace), check.membership, `namespace ${namespace}`);
}

/** Pausing auto-approve only makes Clopus more careful, so any approver may; resuming it takes a global approver. */
export function authorizePause(check: ApproverCheck, userId: string, pause: boolean): Promise<Authorization> {
  return pause
    ? authorizeAmong(userId, allApprovers(check.policy), check.membership, 'any namespace')
    : authorizeAmong(
        userId,
        check.policy.approvers,
        check.membership,
        'all namespaces (resuming auto-approve takes a global approver)',
      );
}
