// The policy's inputs and answers.
import type { Config } from '../config/index.js';

export type PolicyConfig = Config['policy'];
export type TrustedRule = PolicyConfig['trusted'][number];
/** A change class of the safety envelope (fixer/envelope), as trusted rules name them. */
export type TrustedClass = TrustedRule['classes'][number];

/** Members of a Slack user group (usergroups.users.list); injected so the policy never calls Slack itself. */
export type GroupMembers = (groupId: string) => Promise<readonly string[]>;

export type Authorization =
  | { allowed: true; as: 'user' | 'group'; principal: string }
  | { allowed: false; reason: string };

/** Why a proposal is or is not auto-approved. `rule` is set whenever a trusted rule covers the namespace. */
export type TrustVerdict =
  | { trusted: true; rule: TrustedRule }
  | { trusted: false; rule?: TrustedRule; reason: string };
