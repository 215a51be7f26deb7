// Why a question gets no model run: its length, the hourly limits per person and per incident, the incident's model
// budget, and the model access. Each is one sentence for the person; none of them costs anything.
import type { Config } from '../../config/index.js';
import type { ModelAccess } from '../../planner/index.js';
import { incidentBudget, type Store } from '../../store/index.js';

const usd = (n: number): string => `$${n.toFixed(2)}`;

export const MAX_QUESTION_CHARS = 2000;
const HOUR_MS = 3_600_000;

export const NO_CREDENTIALS =
  "Clopus cannot answer questions here: no model credentials are configured (set ANTHROPIC_API_KEY or another provider's variables).";
export const RUNBOOKS_ONLY =
  'Clopus cannot answer questions here: fixer.planner is set to runbooks, which never calls a model.';

/** The question's own problem, if any (`length` is of the trimmed text as typed). */
export function questionProblem(length: number): string | undefined {
  if (length === 0) return 'Ask a question about the incident, e.g. "why does it crash?".';
  if (length > MAX_QUESTION_CHARS)
    return `That question is ${length} characters long; ask in at most ${MAX_QUESTION_CHARS}.`;
  return undefined;
}

export function accessProblem(fixer: Config['fixer'], access: ModelAccess | undefined): string | undefined {
  if (fixer.planner === 'runbooks') return RUNBOOKS_ONLY;
  return access ? undefined : NO_CREDENTIALS;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The hourly limits, counted over questions that ran a model (refused ones do not use them up). */
export function rateProblem(
  store: Store,
  fixer: Config['fixer'],
  q: { incidentId: number; askedBy: string },
  now: Date,
): string | undefined {
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const mine = store.answersSince({ askedBy: q.askedBy, since });
  if (mine >= fixer.answers.perUserPerHour)
    return `You asked ${plural(mine, 'question')} in the last hour, the most allowed; try again later.`;
  const theirs = store.answersSince({ incidentId: q.incidentId, since });
  if (theirs >= fixer.answers.perIncidentPerHour)
    return `Incident ${q.incidentId} had ${plural(theirs, 'question')} in the last hour, the most allowed for one incident; try again later.`;
  return undefined;
}

/** What is left of the incident's model budget, or why nothing is. */
export function budgetLeft(
  store: Store,
  fixer: Config['fixer'],
  incidentId: number,
): { ok: true; leftUsd: number } | { ok: false; message: string } {
  const b = incidentBudget(store, incidentId, fixer.incidentBudgetUsd);
  if (b.leftUsd > 0) return { ok: true, leftUsd: b.leftUsd };
  return {
    ok: false,
    message: `The model has spent ${usd(b.spentUsd)} on incident ${incidentId}, its whole budget (fixer.incidentBudgetUsd, ${usd(b.budgetUsd)}); it answers no more questions about it.`,
  };
}
