// The shape every decision button's listener shares: ack at once, parse the click, hand it to the service, reply.
// A click in the Home tab has no response_url: its answer goes to the person's DM with the app, and their Home is
// published again, so the proposal just decided no longer shows as waiting.
import type { App, BlockAction } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { ACTION, APPROVE_LIVE, type DecisionKind } from '../../ids.js';
import { notice, text } from '../../render/index.js';
import { ButtonClick } from '../../schema.js';
import type { SlackServices } from '../../service/index.js';
import { clickedInHome, publishHome } from '../home.js';
import { replyToClick } from '../respond.js';
import { afterPendingAcks } from '../turns.js';

export function registerDecisionButton(
  app: App,
  services: SlackServices,
  logger: Logger,
  kind: DecisionKind,
  opts: { live?: boolean } = {},
): void {
  app.action<BlockAction>(opts.live ? APPROVE_LIVE : ACTION[kind], async ({ ack, body, respond, client }) => {
    await ack();
    await afterPendingAcks();
    const to = { respond, client, userId: body.user?.id };
    const click = ButtonClick.safeParse(body);
    if (!click.success) {
      logger.warn(
        { kind, issues: click.error.issues.map((i) => i.message) },
        'ignoring a button click Clopus cannot read',
      );
      await replyToClick(to, notice(text('Clopus could not read that click; use the slash command instead.')), logger);
      return;
    }
    const { userId, incidentId, proposalId, actionsHash } = click.data;
    const answer = await services.decide({
      kind,
      incidentId,
      proposalId,
      ...(actionsHash ? { actionsHash } : {}),
      userId,
      via: 'button',
      ...(opts.live ? { live: true } : {}),
    });
    if (clickedInHome(body)) await publishHome(client, services, userId, logger);
    await replyToClick(to, answer, logger);
  });
}
