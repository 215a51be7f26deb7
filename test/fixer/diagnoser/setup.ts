// Shared arrangements for diagnosis tests: fixer config, model access through the Messages API fake, small limits.
import { type Config, loadConfig } from '../../../src/config/index.js';
import type { ClaudeLimits } from '../../../src/planner/claude/types.js';
import type { ModelAccess } from '../../../src/planner/credentials.js';
import type { AnthropicFake } from '../../fakes/anthropic.js';

export function fixerConfig(env: Record<string, string> = {}): Config['fixer'] {
  return loadConfig({
    CLOPUS_CLAUDE_TIMEOUT_SECONDS: '20',
    CLOPUS_CLAUDE_MAX_TURNS: '12',
    CLOPUS_CLAUDE_MAX_BUDGET_USD: '5',
    ...env,
  }).fixer;
}

export function fakeAccess(fake: AnthropicFake): ModelAccess {
  return {
    source: 'api_key',
    credentials: { vars: { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000' } },
  };
}

/** No retries inside Claude Code and a short per-request timeout, so a failing fake cannot hold a test up. */
export const TEST_LIMITS: Partial<ClaudeLimits> = { maxRetries: 0, apiTimeoutMs: 10_000 };

/** Claude Code runs that reached the model: main-loop requests with no assistant turn yet are each run's first. */
export function runsStarted(fake: AnthropicFake): number {
  return fake.main.filter((r) => !r.body?.messages.some((m) => m.role === 'assistant')).length;
}
