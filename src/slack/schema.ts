// Slack payloads at the edge: only the fields the listeners use, parsed once into what the service takes.
import { z } from 'zod';
import { parseButtonValue } from './ids.js';

const UserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);

/** A button click (block_actions): who clicked, which button, and the incident, proposal and actions hash it names. */
export const ButtonClick = z
  .object({
    type: z.literal('block_actions'),
    user: z.object({ id: UserId }),
    actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
  })
  .transform((b, ctx) => {
    const action = b.actions[0]!;
    const value = parseButtonValue(action.value ?? '');
    if (!value) {
      ctx.addIssue({ code: 'custom', message: 'the button names no incident' });
      return z.NEVER;
    }
    return { userId: b.user.id, actionId: action.action_id, ...value };
  });
export type ButtonClick = z.infer<typeof ButtonClick>;

export const SlashCommand = z
  .object({ user_id: UserId, channel_id: z.string().min(1), text: z.string().default(''), command: z.string() })
  .transform((c) => ({ userId: c.user_id, channelId: c.channel_id, text: c.text, command: c.command }));
export type SlashCommand = z.infer<typeof SlashCommand>;
