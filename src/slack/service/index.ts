// The Slack domain service: decisions (with the approver check) and /clopus commands, behind one small interface.
import { runCommand } from './commands.js';
import { converse } from './conversation.js';
import { decideFromSlack } from './decide.js';
import { homeView } from './home.js';
import { openModal } from './modal.js';
import type { ServiceDeps, SlackServices } from './types.js';

export function createSlackServices(deps: ServiceDeps): SlackServices {
  return {
    decide: (req) => decideFromSlack(deps, req),
    modal: (req) => openModal(deps, req),
    command: (text, ctx) => runCommand(deps, text, ctx),
    ask: (msg, hooks) => converse(deps, msg, hooks),
    home: (userId) => homeView(deps, userId),
  };
}

export { slackActor } from './decide.js';
export type {
  BotMessage,
  DecisionRequest,
  ModalAnswer,
  ModalRequest,
  ScanFinding,
  ServiceDeps,
  SlackDecision,
  SlackServices,
} from './types.js';
