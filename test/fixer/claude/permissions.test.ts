// canUseTool is the second gate behind `tools: []`: only our own in-process tools pass it.
import { expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { type Denial, makeCanUseTool } from '../../../src/planner/claude/permissions.js';

const signal = new AbortController().signal;

type Row = [tool: string, mcpServer: { name: string; source: string } | undefined, behavior: 'allow' | 'deny'];

it.each<Row>([
  ['mcp__clopus__get_logs', { name: 'clopus', source: 'sdk' }, 'allow'],
  ['mcp__clopus__propose_fix', undefined, 'allow'],
  ['mcp__clopus__get_logs', { name: 'clopus', source: 'project' }, 'deny'],
  ['mcp__clopus__delete_pod', { name: 'clopus', source: 'sdk' }, 'deny'],
  ['Bash', undefined, 'deny'],
  ['Write', undefined, 'deny'],
  ['Edit', undefined, 'deny'],
  ['ExitPlanMode', undefined, 'deny'],
])('%s from %o → %s', async (tool, mcpServer, behavior) => {
  const denials: Denial[] = [];
  const canUseTool = makeCanUseTool(['get_logs', 'propose_fix'], silentLogger(), denials, 1);

  const decision = await canUseTool(
    tool,
    { x: 1 },
    { signal, toolUseID: 'toolu_1', requestId: 'req_1', ...(mcpServer ? { mcpServer } : {}) },
  );

  expect(decision?.behavior).toBe(behavior);
  if (decision?.behavior === 'deny') {
    expect(decision.message).toContain(`${tool} is not available`);
    expect(denials).toEqual([{ tool, input: { x: 1 } }]);
  }
});
