// The Agent SDK options every Clopus run of Claude Code shares: plan mode, no built-in tools, our one in-process MCP
// server, the permission gate, the limits, a scratch or session HOME, and a child we can kill at once.
import { type CanUseTool, createSdkMcpServer, type Options } from '@anthropic-ai/claude-agent-sdk';
import type { Logger } from '../../logger.js';
import { type ChildHome, childEnv } from './child-env.js';
import { SERVER_NAME } from './permissions.js';
import { killableSpawn } from './spawn.js';
import type { ClaudeCredentials, ClaudeLimits } from './types.js';

export type McpTools = NonNullable<Parameters<typeof createSdkMcpServer>[0]['tools']>;

export interface RunOptions {
  home: ChildHome;
  credentials: ClaudeCredentials;
  limits: ClaudeLimits;
  model?: string | undefined;
  controller: AbortController;
  tools: McpTools;
  canUseTool: CanUseTool;
  systemPrompt: NonNullable<Options['systemPrompt']>;
  planModeInstructions: string;
  /** Keep the transcript in the HOME so the session can be resumed. */
  persist: boolean;
  /** A session to resume (same ID: never forked). */
  resume?: string | undefined;
  logger: Logger;
  incidentId: number;
}

export function runOptions(o: RunOptions): Options {
  return {
    abortController: o.controller,
    cwd: o.home.cwd,
    env: childEnv(o.home.home, o.credentials, o.limits),
    ...(o.model ? { model: o.model } : {}),
    systemPrompt: o.systemPrompt,
    permissionMode: 'plan',
    planModeInstructions: o.planModeInstructions,
    // Auto mode sends read-only calls to a server-side classifier, unavailable on other endpoints.
    settings: { useAutoModeDuringPlan: false },
    settingSources: [],
    tools: [],
    mcpServers: {
      [SERVER_NAME]: createSdkMcpServer({ name: SERVER_NAME, version: '1.0.0', tools: o.tools, alwaysLoad: true }),
    },
    strictMcpConfig: true,
    canUseTool: o.canUseTool,
    maxTurns: o.limits.maxTurns,
    maxBudgetUsd: o.limits.maxBudgetUsd,
    persistSession: o.persist,
    ...(o.resume ? { resume: o.resume } : {}),
    spawnClaudeCodeProcess: killableSpawn(o.controller.signal, (data) =>
      o.logger.debug({ incidentId: o.incidentId, stderr: data.slice(0, 2000) }, 'claude code stderr'),
    ),
  };
}
