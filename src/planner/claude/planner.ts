// The Claude planner: one Claude Code run in plan mode, with only read-only investigation tools and
// propose_fix, bounded in wall time, turns and cost. It never changes the cluster; it returns a checked proposal.

import { setTimeout as sleep } from 'node:timers/promises';
import { createSdkMcpServer, type Options, query } from '@anthropic-ai/claude-agent-sdk';
import { describeError } from '../../errors.js';
import { redact } from '../../redact/index.js';
import { proposalScope } from '../scope.js';
import { type ChildHome, childEnv, makeChildHome } from './child-env.js';
import { clusterTools } from './cluster-tools.js';
import { containerTools } from './container-tools.js';
import { type Denial, makeCanUseTool, SERVER_NAME } from './permissions.js';
import { buildPrompt, PLAN_MODE_INSTRUCTIONS, systemPrompt } from './prompt.js';
import { proposeTool } from './propose-tool.js';
import { RunTracker } from './run-tracker.js';
import { killableSpawn } from './spawn.js';
import type { ToolContext } from './tool-context.js';
import type { ClaudePlannerInput, ClaudePlannerResult, PlannerUsage } from './types.js';
import { watchdog } from './watchdog.js';

/** How long to wait after a deadline for the SDK to wind down before answering anyway. */
const SETTLE_MS = 1000;

type McpTools = NonNullable<Parameters<typeof createSdkMcpServer>[0]['tools']>;

function queryOptions(
  input: ClaudePlannerInput,
  ctx: ToolContext,
  home: ChildHome,
  controller: AbortController,
  denials: Denial[],
  tools: McpTools,
): Options {
  const { incident, limits, logger } = input;
  return {
    abortController: controller,
    cwd: home.cwd,
    env: childEnv(home.home, input.env, limits),
    ...(input.model ? { model: input.model } : {}),
    systemPrompt: systemPrompt({ containerTools: input.containerTools !== false, repo: input.repo !== undefined }),
    permissionMode: 'plan',
    planModeInstructions: PLAN_MODE_INSTRUCTIONS,
    // Auto mode sends read-only calls to a server-side classifier, unavailable on other endpoints.
    settings: { useAutoModeDuringPlan: false },
    settingSources: [],
    tools: [],
    mcpServers: { [SERVER_NAME]: createSdkMcpServer({ name: SERVER_NAME, version: '1.0.0', tools, alwaysLoad: true }) },
    strictMcpConfig: true,
    canUseTool: makeCanUseTool(
      tools.map((t) => t.name),
      logger,
      denials,
      incident.id,
    ),
    maxTurns: limits.maxTurns,
    maxBudgetUsd: limits.maxBudgetUsd,
    persistSession: false,
    spawnClaudeCodeProcess: killableSpawn(controller.signal, (data) =>
      logger.debug({ incidentId: ctx.incident.id, stderr: data.slice(0, 2000) }, 'claude code stderr'),
    ),
  };
}

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
    home = await makeChildHome(input.env.credentialsFile);
  } catch (err) {
    dog.dispose();
    const usage: PlannerUsage = {
      model: null,
      turns: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      durationMs: Date.now() - started,
    };
    return { outcome: 'failed', reason: `cannot prepare the Claude Code run: ${describeError(err)}`, usage };
  }
  const tools: McpTools = [
    ...clusterTools(ctx),
    ...(input.containerTools === false ? [] : containerTools(ctx)),
    proposeTool(ctx),
  ];
  const denials: Denial[] = [];
  const tracker = new RunTracker();
  let thrown: unknown;
  logger.info(
    {
      incidentId: incident.id,
      model: input.model ?? 'default',
      limits: { timeoutMs: limits.timeoutMs, maxTurns: limits.maxTurns, maxBudgetUsd: limits.maxBudgetUsd },
    },
    'claude planner started',
  );
  let settled: Promise<void> = Promise.resolve();
  try {
    if (dog.controller.signal.aborted) throw new Error('cancelled before it started');
    const run = query({
      prompt: buildPrompt(incident, input.evidence, input.repo),
      options: queryOptions(input, ctx, home, dog.controller, denials, tools),
    });
    settled = (async () => {
      for await (const message of run) tracker.see(message);
    })().catch((err: unknown) => {
      thrown = err;
    });
    await dog.race(settled, () => run.close());
  } catch (err) {
    thrown = err;
  } finally {
    dog.dispose();
    // After an abort the child is killed at once (spawn.ts) and the SDK settles within ~100 ms; the HOME is
    // removed once it has, and a stuck SDK does not hold up the answer.
    const cleanup = settled
      .then(() => home.remove())
      .catch((err: unknown) => logger.warn({ err, home: home.home }, 'cannot remove the claude home'));
    await Promise.race([cleanup, sleep(SETTLE_MS, undefined, { ref: false })]);
  }
  const usage = tracker.usage(Date.now() - started);
  const proposal = ctx.state.proposal;
  // What Claude Code printed when it died may quote the API's error body, and with it a key: redacted like logs.
  const failure =
    dog.reason() ??
    tracker.failure(limits) ??
    (thrown === undefined ? undefined : `Claude Code failed: ${redact(describeError(thrown))}`);
  const log = { incidentId: incident.id, ...usage, denials: denials.map((d) => d.tool), refusals: ctx.state.refusals };
  // A checked proposal stands even if the run failed afterwards (out of turns while saying goodbye).
  if (proposal) {
    logger.info({ ...log, afterFailure: failure }, 'claude planner proposed a fix');
    return { outcome: 'proposed', proposal, usage };
  }
  if (failure) {
    logger.warn({ ...log, reason: failure }, 'claude planner failed');
    return { outcome: 'failed', reason: failure, usage };
  }
  logger.info(log, 'claude planner found no fix');
  return { outcome: 'no_fix', explanation: tracker.explanation(), usage };
}
