// A button Clopus has no listener for (from a message an older or newer version posted, or an element it does not
// handle): ack it at once, so Slack shows no error after its three seconds, log it, and say what to use instead.
import type { App, BlockAction } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { ACTION, APPROVE_LIVE, REQUEST_CHANGES } from '../../ids.js';
import { md, notice, text } from '../../render/index.js';
import { replyToClick } from '../respond.js';
import { afterPendingAcks } from '../turns.js';

/** Every action_id but the ones the decision buttons handle (plain words, so nothing in them needs escaping). */
const UNKNOWN = new RegExp(`^(?!(?:${[...Object.values(ACTION), APPROVE_LIVE, REQUEST_CHANGES].join('|')})$)`);

export function register(app: App, logger: Logger, command: string): void {
  app.action<BlockAction>(
    { type: 'block_actions', action_id: UNKNOWN },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      await afterPendingAcks();
      const actionId = 'action_id' in action ? action.action_id : undefined;
      logger.warn(
        {
          actionId,
          blockId: 'block_id' in action ? action.block_id : undefined,
          userId: body.user?.id,
          appId: body.api_app_id,
        },
        'acked a Slack action Clopus does not handle',
      );
      await replyToClick(
        { respond, client, userId: body.user?.id },
        notice(
          md`This button is not one this version of Clopus knows, so nothing was done. Use \`${text(command)} show ID\` for the incident and its current buttons.`,
        ),
        logger,
      );
    },
  );
}
