// Every listener, registered on the app: receiver → Bolt middleware → listener → service (see ../README.md).
import type { App } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { SlackServices } from '../service/index.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as views from './views/index.js';

export function register(app: App, services: SlackServices, logger: Logger, opts: { command: string }): void {
  actions.register(app, services, logger, opts.command);
  commands.register(app, services, logger, opts.command);
  views.register(app, services, logger);
  events.register(app, services, logger);
}
