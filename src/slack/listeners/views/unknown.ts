// A modal submission Clopus has no listener for (a form an older or newer version opened): ack it at once, which
// closes the modal, so Slack shows the person no error after its three seconds; log it, since nothing was done.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { MODAL } from '../../ids.js';

/** Every callback_id but the known modals' (plain words, so nothing in them needs escaping). */
const UNKNOWN = new RegExp(
  `^(?!(?:${Object.values(MODAL)
    .map((m) => m.callbackId)
    .join('|')})$)`,
);

export function register(app: App, logger: Logger): void {
  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: UNKNOWN }, async ({ ack, body }) => {
    await ack();
    logger.warn(
      { callbackId: body.view.callback_id, userId: body.user?.id, appId: body.api_app_id },
      'acked a modal submission Clopus does not handle',
    );
  });
}
