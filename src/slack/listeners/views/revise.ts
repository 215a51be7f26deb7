// The Request changes modal's submission: what should change (required), then the service: the approver check
// again and the change request, bound to the proposal the button was shown with.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { MAX_REQUEST_CHARS } from '../../ids.js';
import type { SlackServices } from '../../service/index.js';
import { registerSubmission } from './submission.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  registerSubmission(app, services, logger, {
    kind: 'revise',
    invalid: (text) =>
      text === ''
        ? 'Say what should change.'
        : text.length > MAX_REQUEST_CHARS
          ? `Say it in at most ${MAX_REQUEST_CHARS} characters.`
          : undefined,
    decide: (s, { userId, context, text }) =>
      s.decide({
        kind: 'request_changes',
        incidentId: context.incidentId,
        proposalId: context.proposalId,
        actionsHash: context.actionsHash,
        userId,
        via: 'button',
        request: text,
      }),
  });
}
