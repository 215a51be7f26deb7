// What both modals' submissions share: read the submission, refuse empty or overlong text with an error shown in
// the modal (which stays open), else ack (closing it), hand off to the service and tell the person the answer. A
// modal opened from the Home tab carries no channel (every message's button does): its answer goes by DM, and the
// person's Home is published again, so the proposal just decided no longer shows as waiting.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { MODAL, type ModalContext, type ModalKind } from '../../ids.js';
import type { Reply } from '../../render/index.js';
import type { SlackServices } from '../../service/index.js';
import { publishHome } from '../home.js';
import { tell } from '../tell.js';
import { afterPendingAcks } from '../turns.js';
import { parseSubmission } from './schema.js';

export interface SubmissionSpec {
  kind: ModalKind;
  /** Why the typed text cannot be sent, shown under the input; undefined when it can. */
  invalid: (text: string) => string | undefined;
  decide: (services: SlackServices, s: { userId: string; context: ModalContext; text: string }) => Promise<Reply>;
}

export function registerSubmission(app: App, services: SlackServices, logger: Logger, spec: SubmissionSpec): void {
  const input = MODAL[spec.kind].input;
  app.view<ViewSubmitAction>(MODAL[spec.kind].callbackId, async ({ ack, body, client }) => {
    const sub = parseSubmission(body, spec.kind);
    if (!sub.ok) {
      logger.warn({ kind: spec.kind, issues: sub.issues }, 'ignoring a modal submission Clopus cannot read');
      await ack({
        response_action: 'errors',
        errors: { [input]: 'Clopus could not read this form. Close it and use the slash command instead.' },
      });
      return;
    }
    const problem = spec.invalid(sub.value.text);
    if (problem) {
      await ack({ response_action: 'errors', errors: { [input]: problem } });
      return;
    }
    await ack();
    await afterPendingAcks();
    const answer = await spec.decide(services, sub.value);
    const { userId, context } = sub.value;
    if (!context.channel) await publishHome(client, services, userId, logger);
    await tell(client, { userId, channel: context.channel, threadTs: context.threadTs }, answer, logger);
  });
}
