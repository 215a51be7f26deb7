// What the listeners hand off to: a click or a command in, a reply out. No Slack types cross this line.

import type { Logger } from '../../logger.js';
import type { ApproverCheck, PolicyConfig } from '../../policy/index.js';
import type { DecisionService } from '../../remediation/index.js';
import type { AskHooks, Conversation } from '../../runner/index.js';
import type { Store } from '../../store/index.js';
import type { DecisionKind, ModalKind } from '../ids.js';
import type { HomeView } from '../render/home.js';
import type { ModalView, Reply } from '../render/index.js';

/** A message to the bot: a mention in a channel, or a DM. */
export interface BotMessage {
  userId: string;
  /** What the person wrote, the bot's own mention taken out. */
  text: string;
  channel: string;
  /** The thread the message is in (its parent's ts), if any. */
  threadTs?: string | undefined;
  where: 'mention' | 'dm';
}

/** What a person can ask of a proposal from Slack: the decisions, and "Request changes". */
export type SlackDecision = DecisionKind | 'request_changes';

export interface DecisionRequest {
  kind: SlackDecision;
  incidentId: number;
  /** The proposal a button was shown for, and the hash of its actions; decisions bind to both. */
  proposalId?: number;
  actionsHash?: string;
  userId: string;
  /** `button` also covers a modal opened by a button: it carries the button's binding. */
  via: 'button' | 'command';
  reason?: string;
  /** What should change (request_changes only). */
  request?: string;
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
  decisions: Pick<DecisionService, 'approve' | 'reject' | 'rollback' | 'requestChanges'>;
  approvers: ApproverCheck;
  policy: PolicyConfig;
  proposalExpiryMinutes: number;
  /** The bounds of Request changes (fixer.maxRevisions, fixer.incidentBudgetUsd), checked before its form opens. */
  revisions?: { maxRevisions: number; incidentBudgetUsd: number };
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
  /** Questions about an incident answered by Claude (mentions, DMs); absent: such questions get one sentence. */
  conversation?: Conversation;
}

/** A click on Request changes or Reject: the modal to open, bound to the proposal the button was shown with. */
export interface ModalRequest {
  kind: ModalKind;
  incidentId: number;
  proposalId: number;
  /** Absent on buttons posted before decisions were bound; such a click is refused. */
  actionsHash?: string;
  userId: string;
  /** Where the click came from, so the submission's answer is shown there. */
  channel?: string;
  threadTs?: string;
}

/** The modal to open, or the answer instead of one (not an approver, the proposal moved on). */
export type ModalAnswer = { ok: true; view: ModalView } | { ok: false; reply: Reply };

export interface SlackServices {
  decide(req: DecisionRequest): Promise<Reply>;
  /** Checks who clicked and what the button names, and builds the modal; no decision is made here. */
  modal(req: ModalRequest): Promise<ModalAnswer>;
  command(text: string, ctx: { userId: string; channelId: string }): Promise<Reply>;
  /** A mention or a DM: a question for Claude, or an approver's change request; `hooks` hear when the model starts. */
  ask(msg: BotMessage, hooks?: AskHooks): Promise<Reply>;
  /** The viewer's App Home tab. */
  home(userId: string): Promise<HomeView>;
}
