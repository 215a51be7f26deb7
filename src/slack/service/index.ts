// The Slack domain service: decisions (with the approver check) and /clopus commands, behind one small interface.
import { runCommand } from './commands.js';
import { decideFromSlack } from './decide.js';
import type { ServiceDeps, SlackServices } from './types.js';

export function createSlackServices(deps: ServiceDeps): SlackServices {
  return {
    decide: (req) => decideFromSlack(deps, req),
    command: (text, ctx) => runCommand(deps, text, ctx),
  };
}

export { slackActor } from './decide.js';
export type { DecisionRequest, ScanFinding, ServiceDeps, SlackServices } from './types.js';
