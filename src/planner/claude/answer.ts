// Answering a question in an incident's Slack thread: Claude Code with the diagnosis's read-only tools and no
// propose_fix, resumed from the incident's diagnosis session (same session ID) when there is one, else fresh with
// the incident's evidence. Bounded like a diagnosis; the answer is redacted before anyone sees it.

import { describeError } from '../../errors.js';
import { redact, sanitize } from '../../redact/index.js';
import { proposalScope } from '../scope.js';
import {
  ANSWER_PLAN_MODE_INSTRUCTIONS,
  answerSystemPrompt,
  freshAnswerPrompt,
  resumedAnswerPrompt,
} from './answer-prompt.js';
import { type ChildHome, sessionHome } from './child-env.js';
import { clusterTools } from './cluster-tools.js';
import { containerTools } from './container-tools.js';
import { drive, runFailure, windDown } from './drive.js';
import { type McpTools, runOptions } from './options.js';
import { type Denial, makeCanUseTool } from './permissions.js';
import { noUsage, RunTracker } from './run-tracker.js';
import type { ToolContext } from './tool-context.js';
import type { ClaudeAnswerInput, ClaudeAnswerResult } from './types.js';
import { type Watchdog, watchdog } from './watchdog.js';

const ANSWER_CHARS = 3000;

interface Attempt {
  tracker: RunTracker;
  thrown: unknown;
}

/** The model's closing words, redacted, whole lines kept, cut at the end when too long. */
function answerText(tracker: RunTracker): string {
  const r = tracker.result;
  const raw = (r?.subtype === 'success' && !r.is_error ? r.result : '') || tracker.lastText;
  const text = sanitize(raw.trim(), Number.MAX_SAFE_INTEGER).text.trim();
  return text.length <= ANSWER_CHARS ? text : `${text.slice(0, ANSWER_CHARS - 1)}…`;
}

/** Claude Code could not load the session to resume (observed: error_during_execution, "No conversation found"). */
const resumeFailed = (a: Attempt, dog: Watchdog): boolean =>
  dog.reason() === undefined && !a.tracker.answered && a.tracker.result?.subtype === 'error_during_execution';

const resultErrors = (tracker: RunTracker): string[] =>
  tracker.result && tracker.result.subtype !== 'success'
    ? tracker.result.errors.map((e) => redact(e).slice(0, 500))
    : [];

/** Answers one question about an incident in words, never changing anything. Never throws. */
export async function runClaudeAnswer(input: ClaudeAnswerInput): Promise<ClaudeAnswerResult> {
  const started = Date.now();
  const { incident, limits, logger } = input;
  const dog = watchdog(limits.timeoutMs, input.abortSignal, input.deadlineFrom);
  let ctx: ToolContext;
  let home: ChildHome;
  try {
    const scope = input.scope ?? (await proposalScope(incident, input.kube, logger));
    ctx = { incident, kube: input.kube, logger, scope, fileHashes: new Map(), state: { refusals: 0 } };
    home = await sessionHome(input.session.dir, input.env.credentialsFile);
  } catch (err) {
    dog.dispose();
    const reason = `cannot prepare the Claude Code run: ${describeError(err)}`;
    return { outcome: 'failed', reason, usage: noUsage(Date.now() - started) };
  }
  const tools: McpTools = [...clusterTools(ctx), ...(input.containerTools === false ? [] : containerTools(ctx))];
  const denials: Denial[] = [];
  const canUseTool = makeCanUseTool(
    tools.map((t) => t.name),
    logger,
    denials,
    incident.id,
    'this session may only look with the clopus tools and answer in words',
  );
  const attempt = async (resume: string | undefined): Promise<Attempt> => {
    const tracker = new RunTracker();
    const options = runOptions({
      home,
      credentials: input.env,
      limits,
      model: input.model,
      controller: dog.controller,
      tools,
      canUseTool,
      // Claude Code records a session's first system prompt and reuses it on resume unless told not to: the
      // diagnosis's prompt would invite a propose_fix this run does not have.
      systemPrompt: {
        type: 'custom',
        prompt: answerSystemPrompt({ containerTools: input.containerTools !== false }),
        snapshot: false,
      },
      planModeInstructions: ANSWER_PLAN_MODE_INSTRUCTIONS,
      persist: true,
      resume,
      logger,
      incidentId: incident.id,
    });
    const prompt = resume ? resumedAnswerPrompt(input) : freshAnswerPrompt(incident, input.evidence, input);
    const driven = await drive(prompt, options, dog, tracker);
    await windDown(driven.settled, home, logger);
    return { tracker, thrown: driven.thrown() };
  };

  logger.info({ incidentId: incident.id, askedBy: input.askedBy, resume: input.resume }, 'claude answer started');
  let run = await attempt(input.resume);
  if (input.resume && resumeFailed(run, dog)) {
    logger.warn(
      { incidentId: incident.id, resume: input.resume, errors: resultErrors(run.tracker) },
      'cannot resume the diagnosis session; answering in a fresh session with the evidence',
    );
    run = await attempt(undefined);
  }
  dog.dispose();

  const { tracker } = run;
  const usage = tracker.usage(Date.now() - started);
  const session = tracker.sessionId ? { sessionId: tracker.sessionId } : {};
  const log = { incidentId: incident.id, ...usage, ...session, denials: denials.map((d) => d.tool) };
  const failure = runFailure(dog, tracker, limits, run.thrown);
  const text = answerText(tracker);
  if (failure || !text) {
    const reason = failure ?? 'the model ended without an answer';
    logger.warn({ ...log, reason }, 'claude answer failed');
    return { outcome: 'failed', reason, usage, ...session };
  }
  logger.info(log, 'claude answered');
  return { outcome: 'answered', text, usage, ...session };
}
