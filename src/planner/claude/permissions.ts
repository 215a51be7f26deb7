// The permission gate: only our own in-process tools run. Plan mode is not a sandbox (TESTING.md): whatever
// canUseTool allows runs for real, so everything else is denied here, by name and by origin.
import type { CanUseTool } from '@anthropic-ai/claude-agent-sdk';
import type { Logger } from '../../logger.js';

export const SERVER_NAME = 'clopus';

export const toolId = (name: string): string => `mcp__${SERVER_NAME}__${name}`;

export interface Denial {
  tool: string;
  input: Record<string, unknown>;
}

export function makeCanUseTool(
  ours: readonly string[],
  logger: Logger,
  denials: Denial[],
  incidentId: number,
  /** What the model is told when a call is denied; the diagnosis's wording (investigate, then propose_fix) when omitted. */
  denied = `this session may only investigate with the ${SERVER_NAME} tools and suggest a change with propose_fix`,
): CanUseTool {
  const allowed = new Set(ours.map(toolId));
  return async (toolName, input, options) => {
    // A configured MCP server could reuse our server's name; only the host registers 'sdk' servers.
    const fromUs = options.mcpServer === undefined || options.mcpServer.source === 'sdk';
    if (allowed.has(toolName) && fromUs) return { behavior: 'allow', updatedInput: input };
    denials.push({ tool: toolName, input });
    logger.warn({ incidentId, tool: toolName }, 'model tool call denied');
    return {
      behavior: 'deny',
      message: `${toolName} is not available: ${denied}. Nothing was run.`,
    };
  };
}
