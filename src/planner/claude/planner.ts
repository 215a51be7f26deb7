// The Claude planner: one Claude Code run in plan mode, with only read-only investigation tools and
// propose_fix, bounded in wall time, turns and cost. It never changes the cluster; it returns a checked proposal.

import { describeError } from '../../errors.js';
import { proposalScope } from '../scope.js';
import { type ChildHome, makeChildHome, sessionHome } from './child-env.js';
import { clusterTools } from './cluster-tools.js';
import { containerTools } from './container-tools.js';
import { drive, runFailure, windDown } from './drive.js';
import { type McpTools, runOptions } from './options.js';
import { type Denial, makeCanUseTool } from './permissions.js';
import { buildPrompt, PLAN_MODE_INSTRUCTIONS, systemPrompt } from './prompt.js';
import { proposeTool } from './propose-tool.js';
import { noUsage, RunTracker } from './run-tracker.js';
import type { ToolContext } from './tool-context.js';
import type { ClaudePlannerInput, ClaudePlannerResult } from './types.js';
import { watchdog } from './watchdog.js';

export async function runClaudePlanner(input: ClaudePlannerInput): Promise<ClaudePlannerResult> {
  const started = Date.now();
  const { incident, limits, logger } = input;
  // The deadline covers reading the scope too; if it passes there, the model is never started.
  const dog = watchdog(limits.timeoutMs, input.abortSignal, input.deadlineFrom);
  let ctx: ToolContext;
  let home: ChildHome;
  try {
    const scope = input.scope ?? (await proposalScope(incident, input.kube, logger));
    ctx = {
      incident,
      kube: input.kube,
      logger,
      scope,
      fileHashes: new Map(),
      state: { refusals: 0 },
      ...(input.validate ? { validate: input.validate } : {}),
      ...(input.repo ? { repo: input.repo } : {}),
    };
    home = input.session
      ? await sessionHome(input.session.dir, input.env.credentialsFile)
      : await makeChildHome(input.env.credentialsFile);
  } catch (err) {
    dog.dispose();
    const reason = `cannot prepare the Claude Code run: ${describeError(err)}`;
    return { outcome: 'failed', reason, usage: noUsage(Date.now() - started) };
  }
  const tools: McpTools = [
    ...clusterTools(ctx),
    ...(input.containerTools === false ? [] : containerTools(ctx)),
    proposeTool(ctx),
  ];
  const denials: Denial[] = [];
  const tracker = new RunTracker();
  logger.info(
    {
      incidentId: incident.id,
      model: input.model ?? 'default',
      limits: { timeoutMs: limits.timeoutMs, maxTurns: limits.maxTurns, maxBudgetUsd: limits.maxBudgetUsd },
      ...(input.revision ? { revision: input.revision.number } : {}),
      session: input.session !== undefined,
    },
    'claude planner started',
  );
  const options = runOptions({
    home,
    credentials: input.env,
    limits,
    model: input.model,
    controller: dog.controller,
    tools,
    canUseTool: makeCanUseTool(
      tools.map((t) => t.name),
      logger,
      denials,
      incident.id,
    ),
    systemPrompt: systemPrompt({
      containerTools: input.containerTools !== false,
      repo: input.repo !== undefined,
      revision: input.revision !== undefined,
      repoUnavailable: input.repoUnavailable !== undefined,
    }),
    planModeInstructions: PLAN_MODE_INSTRUCTIONS,
    persist: input.session !== undefined,
    logger,
    incidentId: incident.id,
  });
  const driven = await drive(
    buildPrompt(incident, input.evidence, input.repo, input.revision, input.repoUnavailable),
    options,
    dog,
    tracker,
  );
  dog.dispose();
  await windDown(driven.settled, home, logger);

  const usage = tracker.usage(Date.now() - started);
  // Only a kept transcript can be resumed, so only a run with a session directory names its session.
  const session = input.session && tracker.sessionId ? { sessionId: tracker.sessionId } : {};
  const proposal = ctx.state.proposal;
  const failure = runFailure(dog, tracker, limits, driven.thrown());
  const log = {
    incidentId: incident.id,
    ...usage,
    sessionId: tracker.sessionId,
    denials: denials.map((d) => d.tool),
    refusals: ctx.state.refusals,
  };
  // A checked proposal stands even if the run failed afterwards (out of turns while saying goodbye).
  if (proposal) {
    logger.info({ ...log, afterFailure: failure }, 'claude planner proposed a fix');
    return { outcome: 'proposed', proposal, usage, ...session };
  }
  if (failure) {
    logger.warn({ ...log, reason: failure }, 'claude planner failed');
    return { outcome: 'failed', reason: failure, usage, ...session };
  }
  logger.info(log, 'claude planner found no fix');
  return { outcome: 'no_fix', explanation: tracker.explanation(), usage, ...session };
}
