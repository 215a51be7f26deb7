// The Messages API wire format the fake speaks: SSE events for streaming requests, one JSON body otherwise.
import { randomBytes } from 'node:crypto';

export type TextBlock = { type: 'text'; text: string };
export type ToolUseBlock = { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };
export type ContentBlock = TextBlock | ToolUseBlock;

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface AssistantMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
  stop_sequence: null;
  usage: Usage;
}

export const newId = (prefix: string): string => `${prefix}_01${randomBytes(11).toString('hex')}`;

export function buildMessage(model: string, content: ContentBlock[], usage: Usage): AssistantMessage {
  return {
    id: newId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage,
  };
}

export function sseEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** Splits a string into a few pieces so clients see real incremental deltas, as the API sends them. */
function chunks(text: string, parts = 3): string[] {
  if (text.length < parts * 2) return [text];
  const size = Math.ceil(text.length / parts);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** message_start → per block start/delta…/stop → message_delta (stop_reason, usage) → message_stop. */
export function sseEvents(msg: AssistantMessage): string[] {
  const events = [
    sseEvent('message_start', {
      message: { ...msg, content: [], stop_reason: null, usage: { ...msg.usage, output_tokens: 1 } },
    }),
  ];
  msg.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(sseEvent('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      for (const text of chunks(block.text)) {
        events.push(sseEvent('content_block_delta', { index, delta: { type: 'text_delta', text } }));
      }
    } else {
      events.push(
        sseEvent('content_block_start', {
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        }),
      );
      for (const partial_json of chunks(JSON.stringify(block.input))) {
        events.push(sseEvent('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }));
      }
    }
    events.push(sseEvent('content_block_stop', { index }));
  });
  events.push(
    sseEvent('message_delta', {
      delta: { stop_reason: msg.stop_reason, stop_sequence: null },
      usage: { output_tokens: msg.usage.output_tokens },
    }),
    sseEvent('message_stop', {}),
  );
  return events;
}

export function errorBody(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message } });
}
