// The shape every decision button's listener shares: ack at once, parse the click, hand it to the service, reply.
import type { App, BlockAction } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { ACTION, APPROVE_LIVE, type DecisionKind } from '../../ids.js';
import { notice, text } from '../../render/index.js';
import { ButtonClick } from '../../schema.js';
import type { SlackServices } from '../../service/index.js';
import { reply } from '../respond.js';
import { afterPendingAcks } from '../turns.js';

export function registerDecisionButton(
  app: App,
  services: SlackServices,
  logger: Logger,
  kind: DecisionKind,
  opts: { live?: boolean } = {},
): void {
  app.action<BlockAction>(opts.live ? APPROVE_LIVE : ACTION[kind], async ({ ack, body, respond }) => {
    await ack();
    await afterPendingAcks();
    const click = ButtonClick.safeParse(body);
    if (!click.success) {
      logger.warn(
        { kind, issues: click.error.issues.map((i) => i.message) },
        'ignoring a button click Clopus cannot read',
      );
      await reply(respond, notice(text('Clopus could not read that click; use the slash command instead.')), logger);
      return;
    }
    const { userId, incidentId, proposalId, actionsHash } = click.data;
    await reply(
      respond,
      await services.decide({
        kind,
        incidentId,
        proposalId,
        ...(actionsHash ? { actionsHash } : {}),
        userId,
        via: 'button',
        ...(opts.live ? { live: true } : {}),
      }),
      logger,
    );
  });
}
