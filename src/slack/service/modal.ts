// Request changes and Reject open a modal first: only for an approver (refusals audited, no modal), and only while
// the proposal the button was shown with is still the one waiting, so nobody types a reason for nothing. The
// submission is checked again (decide.ts): the modal alone is never trusted.
import { previewDecision, revisionRefusal } from '../../remediation/index.js';
import { decisionModal, md, notice, prose, text } from '../render/index.js';
import { loadIncidentView } from '../view.js';
import { answer, refusedFor } from './decide.js';
import type { ModalAnswer, ModalRequest, ServiceDeps } from './types.js';

export async function openModal(deps: ServiceDeps, req: ModalRequest): Promise<ModalAnswer> {
  const incident = deps.store.getIncident(req.incidentId);
  if (!incident)
    return {
      ok: false,
      reply: notice(text(`Incident ${req.incidentId} does not exist; ${deps.command} list shows the open ones.`)),
    };
  const kind = req.kind === 'revise' ? 'request_changes' : 'reject';
  const refused = await refusedFor(deps, incident, {
    kind,
    userId: req.userId,
    via: 'button',
    proposalId: req.proposalId,
  });
  if (refused) return { ok: false, reply: refused };
  if (req.actionsHash === undefined)
    return {
      ok: false,
      reply: notice(
        text(
          `Nothing was done: that button does not say which version of the proposal you saw. Use the buttons of the proposal in the thread, or ${deps.command} approve ${incident.id}.`,
        ),
      ),
    };
  const preview = previewDecision(deps.store, incident.id, 'reject', {
    proposalId: req.proposalId,
    actionsHash: req.actionsHash,
  });
  if (!preview.decidable) {
    // The preview speaks of rejecting; for a change request the same facts lead with what was not done.
    const result =
      req.kind === 'revise'
        ? { ...preview.result, message: preview.result.message.replace(/^Not rejected: /, 'Changes not requested: ') }
        : preview.result;
    return { ok: false, reply: answer(deps, result) };
  }
  // Nobody types a request the limit or the budget would refuse on submit.
  const spent =
    req.kind === 'revise' ? revisionRefusal(deps.store, incident.id, req.proposalId, deps.revisions ?? {}) : undefined;
  if (spent) return { ok: false, reply: notice(md`:warning: ${prose(`Changes not requested: ${spent}`)}`) };
  const view = loadIncidentView(deps.store, incident.id);
  const shown = view?.proposals.find((p) => p.id === req.proposalId);
  if (!view || !shown)
    return {
      ok: false,
      reply: notice(text(`Incident ${incident.id} changed while Clopus read it; click the button again.`)),
    };
  const where = {
    ...(req.channel ? { channel: req.channel } : {}),
    ...(req.threadTs ? { threadTs: req.threadTs } : {}),
  };
  return { ok: true, view: decisionModal(req.kind, view, shown, where) };
}
