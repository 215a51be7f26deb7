// What the listeners hand off to: a click or a command in, a reply out. No Slack types cross this line.

import type { Logger } from '../../logger.js';
import type { ApproverCheck, PolicyConfig } from '../../policy/index.js';
import type { DecisionService } from '../../remediation/index.js';
import type { Store } from '../../store/index.js';
import type { DecisionKind } from '../ids.js';
import type { Reply } from '../render/index.js';

export interface DecisionRequest {
  kind: DecisionKind;
  incidentId: number;
  /** The proposal a button was shown for, and the hash of its actions; decisions bind to both. */
  proposalId?: number;
  actionsHash?: string;
  userId: string;
  via: 'button' | 'command';
  reason?: string;
  /** "Live patch now + PR" (an approval only). */
  live?: boolean;
}

export interface ScanFinding {
  namespace: string;
  pod: string;
  reason: string;
  message: string;
  workload: { kind: string; name: string };
}

export interface ServiceDeps {
  store: Store;
  decisions: Pick<DecisionService, 'approve' | 'reject' | 'rollback'>;
  approvers: ApproverCheck;
  policy: PolicyConfig;
  proposalExpiryMinutes: number;
  /** The slash command's name, for usage and hints. */
  command: string;
  logger: Logger;
  /** Re-syncs an incident's Slack messages after a decision (the change follower would, a little later). */
  sync?: (incidentId: number) => void;
  /** One scan of the named (watched) namespaces, or of every watched namespace. */
  scan?: (namespaces: string[]) => Promise<{ pods: number; forbidden: string[]; findings: ScanFinding[] }>;
  /** Whether Clopus watches a namespace; scans are limited to those. */
  watches?: (namespace: string) => boolean;
  health?: () => { synced: boolean; scopes: string[]; pods: number } | undefined;
}

export interface SlackServices {
  decide(req: DecisionRequest): Promise<Reply>;
  command(text: string, ctx: { userId: string; channelId: string }): Promise<Reply>;
}
