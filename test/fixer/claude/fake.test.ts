// The Messages API fake on its own: the wire shapes the Claude Code tests rely on.
import { afterEach, expect, it } from 'vitest';
import { type AnthropicFake, overloaded, reply, startAnthropicFake, text, toolUse } from '../../fakes/anthropic.js';
import { waitFor } from '../../helpers/wait.js';

let fake: AnthropicFake | undefined;
afterEach(async () => {
  await fake?.close();
});

const post = (body: unknown, signal?: AbortSignal) =>
  fetch(`${fake!.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

const main = {
  model: 'claude-test',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
  tools: [{ name: 'x', input_schema: { type: 'object' } }],
};

it('streams text and tool_use blocks as SSE, in the order the API sends them', async () => {
  fake = await startAnthropicFake([() => reply(text('hello there'), toolUse('x', { a: 1 }))]);

  const res = await post({ ...main, stream: true });
  const events = [...(await res.text()).matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);

  expect(res.headers.get('content-type')).toBe('text/event-stream');
  expect(events[0]).toBe('message_start');
  expect(events.slice(-2)).toEqual(['message_delta', 'message_stop']);
  expect(events.filter((e) => e === 'content_block_start')).toHaveLength(2);
  expect(events).toContain('content_block_delta');
});

it('answers plain JSON when stream is false, and side requests without consuming the script', async () => {
  fake = await startAnthropicFake([() => reply(toolUse('x', { a: 1 }))]);

  const side = await (await post({ ...main, tools: undefined })).json();
  const msg = await (await post(main)).json();

  expect(side).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'OK' }], stop_reason: 'end_turn' });
  expect(msg).toMatchObject({
    type: 'message',
    role: 'assistant',
    stop_reason: 'tool_use',
    content: [{ type: 'tool_use', name: 'x', input: { a: 1 } }],
  });
  expect(fake.consumed).toBe(1);
  expect(fake.requests.map((r) => r.main)).toEqual([false, true]);
});

it('returns error bodies with their status; sticky replies repeat', async () => {
  fake = await startAnthropicFake([() => overloaded()]);

  const first = await post(main);
  const second = await post(main);

  expect(first.status).toBe(529);
  expect(await first.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  expect(second.status).toBe(529);
  expect(fake.consumed).toBe(0);
});

it('close() ends hung requests', async () => {
  fake = await startAnthropicFake([() => ({ hang: 'headers' })]);
  const pending = post(main).then(
    () => 'answered',
    () => 'socket closed',
  );
  await waitFor(() => fake!.requests.length === 1, { what: 'the request to hang at the fake' });

  await fake.close();
  fake = undefined;

  expect(await pending).toBe('socket closed');
});
