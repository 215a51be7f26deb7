// The Request changes and Reject modals: the proposal they are about (quoted, escaped, capped), one text input, and
// the click's context in private_metadata. Pure, like every other rendering; views.open gets what this returns.
import type { types } from '@slack/bolt';
import {
  MAX_REASON_CHARS,
  MAX_REQUEST_CHARS,
  MODAL,
  type ModalContext,
  type ModalKind,
  modalMetadata,
} from '../ids.js';
import type { IncidentView, ProposalView } from '../view.js';
import { type Block, context, plain, section } from './blocks.js';
import { md, raw, untrusted } from './escape.js';
import { workload } from './labels.js';

export type ModalView = types.ModalView;

/** Titles and buttons of a modal are at most 24 characters (Slack refuses longer ones). */
const TITLE_CHARS = 24;

const COPY = {
  revise: {
    title: 'Request changes',
    submit: 'Send',
    label: 'What should change?',
    placeholder: 'e.g. use 256Mi, not 128Mi',
    max: MAX_REQUEST_CHARS,
    optional: false,
    after: 'Clopus withdraws this proposal and prepares a revised one from your words; it is posted in the thread.',
  },
  reject: {
    title: 'Reject proposal',
    submit: 'Reject',
    label: 'Why? (optional — shown in the thread and on the dashboard)',
    placeholder: 'e.g. check the database first',
    max: MAX_REASON_CHARS,
    optional: true,
    after: 'Nothing of this proposal will be applied.',
  },
} as const;

function about(view: IncidentView, p: ProposalView): Block {
  const rootCause = p.proposal?.summary.rootCause;
  const n = p.proposal?.actions.length ?? 0;
  return section(
    md`*Proposed fix #${p.id}* for ${workload(view.incident)} (incident #${view.incident.id}, ${n} action${raw(n === 1 ? '' : 's')})${rootCause ? md`\n>${untrusted(rootCause, 600)}` : raw('')}`,
  );
}

/** The modal for `kind` about proposal `p`; `where` is carried to the submission as private_metadata. */
export function decisionModal(
  kind: ModalKind,
  view: IncidentView,
  p: ProposalView,
  where: Pick<ModalContext, 'channel' | 'threadTs'> = {},
): ModalView {
  const copy = COPY[kind];
  const ids = MODAL[kind];
  return {
    type: 'modal',
    callback_id: ids.callbackId,
    title: plain(copy.title, TITLE_CHARS),
    submit: plain(copy.submit, TITLE_CHARS),
    close: plain('Cancel', TITLE_CHARS),
    private_metadata: modalMetadata({
      incidentId: view.incident.id,
      proposalId: p.id,
      actionsHash: p.actionsHash,
      ...where,
    }),
    blocks: [
      about(view, p),
      {
        type: 'input',
        block_id: ids.input,
        optional: copy.optional,
        label: plain(copy.label, 2000),
        element: {
          type: 'plain_text_input',
          action_id: ids.input,
          multiline: true,
          max_length: copy.max,
          placeholder: plain(copy.placeholder, 150),
        },
      },
      context([raw(copy.after)]),
    ],
  };
}
