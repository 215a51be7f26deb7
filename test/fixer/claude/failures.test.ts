// A failing or stalled Messages API ends the run as `failed` within the limits, and the next run is unaffected.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClaudePlannerResult } from '../../../src/planner/claude/types.js';
import { overloaded, reply, type Turn, text, toolUse } from '../../fakes/anthropic.js';
import { settle } from '../../helpers/wait.js';
import { startWorld, t, type World } from './harness.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

const hang: Turn = () => ({ hang: 'headers', sticky: true });
/**
 * After a deadline, the child is killed and the SDK winds down (planner.ts waits up to a second for it). Idle that
 * is well under a second; the margin is for a loaded machine, and still far from the 60 s a hang would last.
 */
const WIND_DOWN_MS = 5000;

/** The planner's wall-time limit starts at the run's first request (harness.ts); these times are counted from it. */
async function timed(
  run: () => Promise<ClaudePlannerResult>,
): Promise<{ result: ClaudePlannerResult; sinceFirstRequestMs: number }> {
  const first = w.fake.arrival();
  const result = await run();
  return { result, sinceFirstRequestMs: Date.now() - (await first).at };
}

it('fails with the API error when the API is overloaded (529), without retrying beyond the limit', async () => {
  w.fake.load([() => overloaded()]);
  const before = w.fake.main.length;

  const result = await w.plan({ maxRetries: 0 });

  expect(result).toMatchObject({
    outcome: 'failed',
    reason: expect.stringMatching(/^the model API call failed: API Error: 529 Overloaded/),
  });
  expect(w.fake.main.length - before).toBe(1);
  expect(result.usage.costUsd).toBe(0);
});

it('fails at the wall-time limit when the API hangs, and the next run works', async () => {
  w.fake.load([hang]);

  const { result, sinceFirstRequestMs } = await timed(() => w.plan({ timeoutMs: 2500, apiTimeoutMs: 60_000 }));

  expect(result).toMatchObject({ outcome: 'failed', reason: 'Claude Code did not finish within the 2500 ms limit' });
  expect(result.usage.durationMs).toBeGreaterThanOrEqual(2500);
  expect(sinceFirstRequestMs).toBeGreaterThanOrEqual(2500);
  expect(sinceFirstRequestMs).toBeLessThan(2500 + WIND_DOWN_MS);

  w.fake.load([
    () =>
      reply(
        toolUse(t('propose_fix'), {
          summary: { rootCause: 'Back-off after a bad start.', confidence: 'low', risk: 'low' },
          actions: [{ type: 'restart_pod', reason: 'Retry now', pod: w.pods[0]! }],
        }),
      ),
    () => reply(text('Proposed a restart.')),
  ]);

  const next = await w.plan();

  expect(next).toMatchObject({ outcome: 'proposed', proposal: { actions: [{ type: 'restart_pod', pod: w.pods[0] }] } });
});

it("fails with Claude Code's own request timeout when that is shorter", async () => {
  w.fake.load([hang]);

  const { result, sinceFirstRequestMs } = await timed(() => w.plan({ timeoutMs: 20_000, apiTimeoutMs: 1500 }));

  expect(result).toMatchObject({
    outcome: 'failed',
    reason: expect.stringMatching(/^the model API call failed: Request timed out/),
  });
  expect(sinceFirstRequestMs).toBeLessThan(1500 + WIND_DOWN_MS);
});

it('stops when the caller cancels', async () => {
  w.fake.load([hang]);
  const cancel = new AbortController();
  setTimeout(() => cancel.abort(), 800);

  const result = await w.plan({}, cancel.signal);

  expect(result).toMatchObject({ outcome: 'failed', reason: 'the diagnosis was cancelled' });
});

it('sends no API request after a cancel, even while Claude Code is still starting', async () => {
  w.fake.load([() => ({ ...reply(text('too late')), sticky: true })]);
  const before = w.fake.requests.length;
  const cancel = new AbortController();
  setTimeout(() => cancel.abort(), 100);

  const result = await w.plan({}, cancel.signal);
  await settle(2500); // longer than the SDK's own graceful-exit window

  expect(result).toMatchObject({ outcome: 'failed', reason: 'the diagnosis was cancelled' });
  expect(w.fake.requests.length - before).toBe(0);
});

it('recovers from a malformed stream by retrying without streaming', async () => {
  w.fake.load([() => ({ malformed: true, content: [{ type: 'text', text: 'No safe fix: the database is down.' }] })]);
  const before = w.fake.main.length;

  const result = await w.plan();

  expect(result).toMatchObject({ outcome: 'no_fix', explanation: 'No safe fix: the database is down.' });
  expect(w.fake.main.slice(before).map((r) => r.body?.stream)).toEqual([true, false]);
});

it('stops a model that keeps investigating at the turn limit', async () => {
  w.fake.load([() => ({ ...reply(toolUse(t('get_events'), {})), sticky: true })]);

  const result = await w.plan({ maxTurns: 3 });

  expect(result).toMatchObject({ outcome: 'failed', reason: 'the model used all 3 turns without finishing' });
  expect(result.usage.turns).toBeGreaterThanOrEqual(3);
});

it('stops at the cost limit', async () => {
  w.fake.load([
    () => ({
      content: [{ type: 'tool_use', name: t('get_events'), input: {} }],
      usage: { input_tokens: 2_000_000 },
      sticky: true,
    }),
  ]);

  const result = await w.plan({ maxBudgetUsd: 1 });

  expect(result).toMatchObject({
    outcome: 'failed',
    reason: 'the model reached the cost limit of $1 without finishing',
  });
  expect(result.usage.costUsd).toBeGreaterThan(1);
});
