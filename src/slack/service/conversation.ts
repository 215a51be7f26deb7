// A message to the bot (a mention in a channel, or a DM): which incident it is about (the thread it is in, or a
// "#12" it names), then either a change request — from an approver whose words start with "revise", "request
// changes" or "change:" — through the decision service, or a question for Claude through the conversation.
import { describeError } from '../../errors.js';
import { authorizeDecision } from '../../policy/index.js';
import type { AskHooks } from '../../runner/index.js';
import type { Incident } from '../../store/index.js';
import { MAX_REQUEST_CHARS } from '../ids.js';
import { answerReply } from '../render/answer.js';
import { md, notice, prose, type Reply, raw, text } from '../render/index.js';
import { decideFromSlack, slackActor } from './decide.js';
import type { BotMessage, ServiceDeps } from './types.js';

/** "#12 why …", "12: why …" or "incident 12 why …": the incident named, and the rest. */
export function namedIncident(value: string): { id: number; rest: string } | undefined {
  const m =
    /^\s*#(\d{1,9})\b[\s:,.-]*([\s\S]*)$/.exec(value) ??
    /^\s*(\d{1,9})\s*:\s*([\s\S]*)$/.exec(value) ??
    /^\s*incident\s+#?(\d{1,9})\b[\s:,.-]*([\s\S]*)$/i.exec(value);
  return m ? { id: Number(m[1]), rest: m[2]! } : undefined;
}

const REVISION = /^\s*(?:revise\b|request changes\b|change:)[\s:,.-]*([\s\S]*)$/i;

function hint(msg: BotMessage): Reply {
  return notice(
    msg.where === 'dm'
      ? raw('Name the incident your question is about, e.g. "#12 why does it crash?".')
      : raw("Mention me in an incident's thread, or name it: @clopus #12 why does it crash?"),
  );
}

async function revise(deps: ServiceDeps, incident: Incident, msg: BotMessage, request: string): Promise<Reply> {
  if (!request.trim())
    return notice(
      md`Say what should change after ${text('revise')}, e.g. ${text('@clopus revise use 256Mi, not 128Mi')}.`,
    );
  if (request.length > MAX_REQUEST_CHARS)
    return notice(text(`The request is ${request.length} characters long; say it in at most ${MAX_REQUEST_CHARS}.`));
  const reply = await decideFromSlack(deps, {
    kind: 'request_changes',
    incidentId: incident.id,
    userId: msg.userId,
    via: 'command',
    request: request.trim(),
  });
  // Asked in the open, so answered in the open: the thread sees that a revised proposal is coming.
  return { ...reply, public: true };
}

async function ask(deps: ServiceDeps, incident: Incident, msg: BotMessage, question: string, hooks: AskHooks) {
  if (!deps.conversation) return notice(raw('Clopus cannot answer questions in this process.'));
  const result = await deps.conversation.ask(
    { incidentId: incident.id, askedBy: slackActor(msg.userId), question },
    hooks,
  );
  if (!result.ok) return notice(md`:information_source: ${prose(result.message)}`);
  return answerReply({ incidentId: incident.id, askedBy: msg.userId, text: result.text, resumed: result.resumed });
}

/** Answers one message to the bot. Never throws: an unexpected error becomes a sentence (and a log line). */
export async function converse(deps: ServiceDeps, msg: BotMessage, hooks: AskHooks = {}): Promise<Reply> {
  try {
    const named = namedIncident(msg.text);
    const inThread =
      msg.where === 'mention' && msg.threadTs
        ? deps.store.incidentBySlackMessage(msg.channel, msg.threadTs)
        : undefined;
    const id = named?.id ?? inThread?.id;
    if (id === undefined) return hint(msg);
    const incident = named ? deps.store.getIncident(named.id) : inThread;
    if (!incident) return notice(text(`Incident ${id} does not exist; ${deps.command} list shows the open ones.`));
    const words = named ? named.rest : msg.text;
    const revision = REVISION.exec(words);
    if (revision && (await authorizeDecision(deps.approvers, msg.userId, incident.namespace)).allowed)
      return await revise(deps, incident, msg, revision[1]!);
    return await ask(deps, incident, msg, words, hooks);
  } catch (err) {
    deps.logger.error({ userId: msg.userId, where: msg.where, err }, 'answering a message to the bot failed');
    return notice(md`:warning: ${prose(`Clopus could not answer that: ${describeError(err)}.`)}`);
  }
}
