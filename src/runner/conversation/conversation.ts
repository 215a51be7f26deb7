// Questions about an incident, answered by Claude Code: checked (length, hourly limits, budget, model access),
// redacted, run one at a time per incident in the incident's session directory (resuming its latest session when
// that directory is here), and recorded with what they cost. A refusal is recorded too, so it is audited.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../../errors.js';
import { type ClaudeAnswerResult, claudeLimits, noUsage, runClaudeAnswer } from '../../planner/index.js';
import { redact, sanitize } from '../../redact/index.js';
import type { Incident, NewAnswer } from '../../store/index.js';
import { accessProblem, budgetLeft, questionProblem, rateProblem } from './checks.js';
import type { AskHooks, AskResult, Conversation, ConversationDeps, Question } from './types.js';

/** The directory an incident's Claude sessions (diagnoses and answers) share, so an answer can resume one. */
export const sessionDir = (sessionsDir: string, incidentId: number): string =>
  join(sessionsDir, `incident-${incidentId}`);

/** Redacted, controls stripped, whole (the length was checked before). */
const cleanQuestion = (q: string): string => sanitize(q, Number.MAX_SAFE_INTEGER).text;

export function createConversation(deps: ConversationDeps): Conversation {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const planAnswer = deps.planAnswer ?? runClaudeAnswer;
  // Two answers resuming one session at once would interleave its transcript; and the hourly limits must be
  // counted after the previous question was recorded. So one question per incident at a time.
  const running = new Map<number, Promise<unknown>>();

  const record = (
    incidentId: number,
    askedBy: string,
    question: string,
    outcome: Omit<NewAnswer, 'incidentId' | 'askedBy' | 'question' | 'at'>,
  ) => store.recordAnswer({ incidentId, askedBy, question, ...outcome, at: now().toISOString() });

  const refuse = (incidentId: number, askedBy: string, question: string, reason: string): AskResult => {
    const a = record(incidentId, askedBy, question, { status: 'refused', reason });
    logger.info({ incidentId, askedBy, reason }, 'question refused');
    return { ok: false, message: reason, answerId: a.id };
  };

  async function answer(incident: Incident, q: Question, question: string, hooks: AskHooks): Promise<AskResult> {
    const { fixer } = deps.config;
    const access = deps.access;
    const noAccess = accessProblem(fixer, access);
    if (noAccess || !access) return refuse(incident.id, q.askedBy, question, noAccess ?? '');
    const rate = rateProblem(store, fixer, { incidentId: incident.id, askedBy: q.askedBy }, now());
    if (rate) return refuse(incident.id, q.askedBy, question, rate);
    const budget = budgetLeft(store, fixer, incident.id);
    if (!budget.ok) return refuse(incident.id, q.askedBy, question, budget.message);

    const dir = sessionDir(deps.sessionsDir, incident.id);
    // A session recorded by a diagnosis Job lives in that Job's pod, not here: then a fresh one with the evidence.
    const resume = existsSync(dir) ? store.latestSessionId(incident.id) : undefined;
    await hooks.beforeModel?.();
    const limits = claudeLimits(fixer);
    const result = await planAnswer({
      incident,
      evidence: store.recentEvidence(incident.id, 3),
      kube: deps.kube,
      limits: { ...limits, maxBudgetUsd: Math.min(limits.maxBudgetUsd, budget.leftUsd) },
      ...(fixer.model ? { model: fixer.model } : {}),
      env: access.credentials,
      logger,
      question,
      askedBy: q.askedBy,
      session: { dir },
      ...(resume ? { resume } : {}),
      // A diagnosis Job may not exec, and neither may a question when diagnoses run as Jobs.
      containerTools: deps.config.runner.mode === 'inprocess',
    }).catch(
      (err: unknown): ClaudeAnswerResult => ({
        outcome: 'failed',
        reason: `Claude Code failed: ${describeError(err)}`,
        usage: noUsage(),
      }),
    );
    const session = result.sessionId ? { sessionId: result.sessionId } : {};
    if (result.outcome === 'failed') {
      const reason = redact(result.reason);
      const a = record(incident.id, q.askedBy, question, { status: 'failed', reason, usage: result.usage, ...session });
      logger.warn({ incidentId: incident.id, answerId: a.id, reason }, 'question not answered');
      return { ok: false, message: `Claude could not answer: ${reason}.`, answerId: a.id };
    }
    const text = redact(result.text);
    const a = record(incident.id, q.askedBy, question, {
      status: 'answered',
      answer: text,
      usage: result.usage,
      ...session,
    });
    const resumed = resume !== undefined && result.sessionId === resume;
    logger.info(
      { incidentId: incident.id, answerId: a.id, resumed, costUsd: result.usage.costUsd },
      'question answered',
    );
    return { ok: true, text, answerId: a.id, resumed };
  }

  async function ask(q: Question, hooks: AskHooks = {}): Promise<AskResult> {
    const incident = store.getIncident(q.incidentId);
    if (!incident) return { ok: false, message: `Incident ${q.incidentId} does not exist.` };
    const typed = q.question.trim();
    const problem = questionProblem(typed.length);
    if (problem) return { ok: false, message: problem };
    const question = cleanQuestion(typed);
    const before = running.get(incident.id) ?? Promise.resolve();
    const turn = before.then(() => answer(incident, q, question, hooks));
    const settled = turn.catch(() => undefined);
    running.set(incident.id, settled);
    void settled.then(() => {
      if (running.get(incident.id) === settled) running.delete(incident.id);
    });
    return turn;
  }

  return { ask };
}
