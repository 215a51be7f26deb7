// The buttons that open a modal (Request changes, Reject): ack at once, check who clicked and what the button names
// (service), then views.open with the click's trigger_id, which Slack honours for three seconds only, so nothing
// slow runs before it. If Slack will not open it, the reply says which slash command does the same. A click in the
// Home tab has no response_url: a refusal goes to the person's DM with the app, and their Home is published again.
import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../logger.js';
import type { ModalKind } from '../../ids.js';
import { modalFailed, notice, text } from '../../render/index.js';
import { ButtonClick } from '../../schema.js';
import type { SlackServices } from '../../service/index.js';
import { clickedInHome, publishHome } from '../home.js';
import { replyToClick } from '../respond.js';
import { afterPendingAcks } from '../turns.js';

/** Where the click happened (the proposal's message in the incident's thread) and the trigger for the modal. */
const ClickPlace = z.object({
  trigger_id: z.string().min(1),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().min(1).optional(), is_ephemeral: z.boolean().optional() }).optional(),
  message: z.object({ ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
});

/** Slack's error code of a refused Web API call (`expired_trigger_id`), or a plain description. */
function slackError(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  return err instanceof Error ? err.message.slice(0, 200) : 'an unknown error';
}

export function registerModalButton(
  app: App,
  services: SlackServices,
  logger: Logger,
  o: { kind: ModalKind; actionId: string; command: string },
): void {
  app.action<BlockAction>(o.actionId, async ({ ack, body, respond, client }) => {
    await ack();
    await afterPendingAcks();
    const to = { respond, client, userId: body.user?.id };
    const click = ButtonClick.safeParse(body);
    const place = ClickPlace.safeParse(body);
    if (!click.success || !place.success) {
      const issues = [...(click.error?.issues ?? []), ...(place.error?.issues ?? [])].map((i) => i.message);
      logger.warn({ kind: o.kind, issues }, 'ignoring a button click Clopus cannot read');
      await replyToClick(to, notice(text('Clopus could not read that click; use the slash command instead.')), logger);
      return;
    }
    const { userId, incidentId, proposalId, actionsHash } = click.data;
    const channel = place.data.channel?.id ?? place.data.container?.channel_id;
    // An ephemeral message (the `/clopus approve` preview) has no thread to answer in; its channel does.
    const threadTs = place.data.container?.is_ephemeral
      ? undefined
      : (place.data.message?.thread_ts ?? place.data.message?.ts);
    const modal = await services.modal({
      kind: o.kind,
      incidentId,
      proposalId,
      userId,
      ...(actionsHash ? { actionsHash } : {}),
      ...(channel ? { channel } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    if (!modal.ok) {
      if (clickedInHome(body)) await publishHome(client, services, userId, logger);
      await replyToClick(to, modal.reply, logger);
      return;
    }
    try {
      await client.views.open({ trigger_id: place.data.trigger_id, view: modal.view });
    } catch (err) {
      const error = slackError(err);
      logger.warn({ kind: o.kind, incidentId, userId, error }, 'Slack did not open the modal');
      await replyToClick(to, modalFailed(o.kind, o.command, incidentId, error), logger);
    }
  });
}
