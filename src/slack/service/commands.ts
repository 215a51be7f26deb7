// `/clopus` subcommands: parse, then read the store, ask the policy or hand a decision to decide.ts. Replies are
// ephemeral except pause and resume, whose effect concerns the whole channel.

import { type IncidentState, OPEN_STATES } from '../../core/index.js';
import { describeError } from '../../errors.js';
import { authorizePause, effectivePolicy, pauseState, setPaused } from '../../policy/index.js';
import { type Command, parseCommand } from '../commands/parse.js';
import {
  listReply,
  notice,
  pauseReply,
  policyReply,
  prose,
  type Reply,
  refusal,
  renderIncident,
  renderProposal,
  scanReply,
  statusReply,
  text,
  usage,
} from '../render/index.js';
import { loadIncidentView } from '../view.js';
import { decideFromSlack, slackActor } from './decide.js';
import type { ServiceDeps } from './types.js';

const LIST_LIMIT = 20;

function show(deps: ServiceDeps, id: number): Reply {
  const view = loadIncidentView(deps.store, id);
  if (!view) return notice(text(`Incident ${id} does not exist; ${deps.command} list shows the open ones.`));
  const incident = renderIncident(view);
  const latest = view.proposals.at(-1);
  // The proposal's first part without its buttons: an ephemeral copy must not become a second place to decide.
  const proposal = latest ? renderProposal(view, latest)[0]!.blocks.filter((b) => b.type !== 'actions') : [];
  return { text: incident.text, blocks: [...incident.blocks, ...proposal].slice(0, 50) };
}

async function scan(deps: ServiceDeps, namespaces: string[]): Promise<Reply> {
  if (!deps.scan) return notice(text('Scanning is not available in this process.'));
  const unwatched = namespaces.filter((ns) => deps.watches && !deps.watches(ns));
  if (unwatched.length > 0)
    return notice(text(`Clopus does not watch ${unwatched.join(', ')}; it only scans the namespaces it watches.`));
  try {
    return scanReply(await deps.scan(namespaces));
  } catch (err) {
    return notice(prose(`The scan failed: ${describeError(err)}`));
  }
}

function list(deps: ServiceDeps, filter: IncidentState | 'live' | 'all'): Reply {
  const state = filter === 'all' ? undefined : filter === 'live' ? OPEN_STATES : filter;
  const page = deps.store.listIncidents({
    ...(state ? { state } : {}),
    limit: LIST_LIMIT,
    offset: 0,
    order: 'updated_desc',
  });
  return listReply(page.items, page.total, filter === 'all' ? 'All' : filter === 'live' ? 'Open' : filter);
}

async function pause(deps: ServiceDeps, userId: string, paused: boolean, reason?: string): Promise<Reply> {
  const auth = await authorizePause(deps.approvers, userId, paused);
  if (!auth.allowed) {
    deps.logger.warn({ userId, paused }, 'pause switch refused: not an approver');
    return refusal(paused ? 'pause auto-approve' : 'resume auto-approve', auth.reason, 'logged');
  }
  const before = pauseState(deps.store);
  const state = setPaused(deps.store, paused, slackActor(userId), reason);
  deps.logger.info({ userId, paused, was: before.paused }, 'auto-approve pause switch set');
  return pauseReply(state);
}

async function run(deps: ServiceDeps, command: Command, userId: string): Promise<Reply> {
  switch (command.name) {
    case 'help':
      return usage(deps.command);
    case 'scan':
      return scan(deps, command.namespaces);
    case 'status':
      return statusReply(deps.health?.(), deps.store.countByState(), pauseState(deps.store));
    case 'list':
      return list(deps, command.filter);
    case 'show':
      return show(deps, command.id);
    case 'approve':
    case 'rollback':
      return decideFromSlack(deps, { kind: command.name, incidentId: command.id, userId, via: 'command' });
    case 'reject':
      return decideFromSlack(deps, {
        kind: 'reject',
        incidentId: command.id,
        userId,
        via: 'command',
        ...(command.reason ? { reason: command.reason } : {}),
      });
    case 'revise':
      // Typed in full already, so no modal: the change is requested at once, on the incident's current proposal.
      return decideFromSlack(deps, {
        kind: 'request_changes',
        incidentId: command.id,
        userId,
        via: 'command',
        request: command.request,
      });
    case 'pause':
      return pause(deps, userId, true, command.reason);
    case 'resume':
      return pause(deps, userId, false);
    case 'policy':
      return policyReply(
        effectivePolicy(deps.store, deps.policy, { proposalExpiryMinutes: deps.proposalExpiryMinutes }),
      );
  }
}

/** Runs `/clopus <text>` for `userId`; a bad subcommand or argument gets the usage with what was wrong. */
export async function runCommand(deps: ServiceDeps, input: string, ctx: { userId: string }): Promise<Reply> {
  const parsed = parseCommand(input);
  if (!parsed.ok) return usage(deps.command, parsed.error);
  return run(deps, parsed.command, ctx.userId);
}
