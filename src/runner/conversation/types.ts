// What a conversation about an incident needs and answers: a question in, Claude's redacted words or a sentence out.
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import type { ClaudeAnswerInput, ClaudeAnswerResult, ModelAccess, PlannerKube } from '../../planner/index.js';
import type { Store } from '../../store/index.js';

export type PlanAnswer = (input: ClaudeAnswerInput) => Promise<ClaudeAnswerResult>;

export interface ConversationDeps {
  store: Store;
  /** The cluster as the answer's read-only tools see it (the bot's client). */
  kube: PlannerKube;
  config: Pick<Config, 'fixer' | 'runner'>;
  /** The bot's own model access; undefined (no credentials) answers every question with one sentence. */
  access: ModelAccess | undefined;
  logger: Logger;
  /** The clock rate-limit windows and answer times are read from. */
  now?: () => Date;
  /** Where each incident's resumable session lives, as `<sessionsDir>/incident-<id>`. */
  sessionsDir: string;
  /** The model run; runClaudeAnswer unless replaced. */
  planAnswer?: PlanAnswer;
}

export interface Question {
  incidentId: number;
  /** The actor asking, e.g. "slack:U123". */
  askedBy: string;
  /** As typed; trimmed, checked (1–2000 characters) and redacted here. */
  question: string;
}

export interface AskHooks {
  /** Called once the question passed every check, just before the model runs (say "looking into it"). */
  beforeModel?: () => Promise<void> | void;
}

export type AskResult =
  | {
      ok: true;
      /** Claude's answer, redacted (not escaped: the caller escapes it for where it is shown). */
      text: string;
      answerId: number;
      /** Whether the answer continued the incident's diagnosis session, or started afresh with its evidence. */
      resumed: boolean;
    }
  /** One or two sentences for the person who asked: why there is no answer. */
  | { ok: false; message: string; answerId?: number };

export interface Conversation {
  ask(question: Question, hooks?: AskHooks): Promise<AskResult>;
}
