// What an outbox item carries: the message it creates or edits ("target"), the message it replies to, and the
// rendered text and blocks. Parsed here, where rows come back from the store.
import { z } from 'zod';

export const OutboxPayload = z.object({
  /** The logical message, e.g. "incident:12" or "proposal:5:0". */
  target: z.string().min(1),
  /** For a thread reply: the logical message it replies to; its ts is read when the reply is sent. */
  thread: z.string().min(1).optional(),
  text: z.string(),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type OutboxPayload = z.infer<typeof OutboxPayload>;

/** A plain rendition of the blocks, for when Slack refuses them (invalid_blocks, msg_blocks_too_long): keep the words. */
export function blocksToText(payload: OutboxPayload, max = 39_000): string {
  const parts: string[] = [];
  const take = (t: unknown): void => {
    if (t && typeof t === 'object' && 'text' in t && typeof (t as { text: unknown }).text === 'string')
      parts.push((t as { text: string }).text);
  };
  for (const block of payload.blocks ?? []) {
    take(block.text);
    if (Array.isArray(block.fields)) block.fields.forEach(take);
    if (Array.isArray(block.elements)) block.elements.forEach(take);
  }
  const text = parts.length > 0 ? parts.join('\n') : payload.text;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
