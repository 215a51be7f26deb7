// The Reject modal's submission: an optional reason, then the service: the approver check again and the rejection,
// bound to the proposal the button was shown with.
import type { App } from '@slack/bolt';
import type { Logger } from '../../../logger.js';
import { MAX_REASON_CHARS } from '../../ids.js';
import type { SlackServices } from '../../service/index.js';
import { registerSubmission } from './submission.js';

export function register(app: App, services: SlackServices, logger: Logger): void {
  registerSubmission(app, services, logger, {
    kind: 'reject',
    invalid: (text) =>
      text.length > MAX_REASON_CHARS ? `Give the reason in at most ${MAX_REASON_CHARS} characters.` : undefined,
    decide: (s, { userId, context, text }) =>
      s.decide({
        kind: 'reject',
        incidentId: context.incidentId,
        proposalId: context.proposalId,
        actionsHash: context.actionsHash,
        userId,
        via: 'button',
        ...(text ? { reason: text } : {}),
      }),
  });
}
