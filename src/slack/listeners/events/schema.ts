// Events at the edge: only the fields the listeners use. A message from a bot (Clopus's own included) or any
// subtype (edits, joins, bot_message) is not one to answer, so it is told apart here once.
import { z } from 'zod';

const UserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);

/** Slack escapes &, < and > in message text; the words go to the model as the person typed them. */
const unescapeSlack = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every mention of the bot (`<@U0BOT>`, `<@U0BOT|name>`); without its ID, a mention at the very start. */
export function withoutBotMention(text: string, botUserId: string | undefined): string {
  const pattern = botUserId
    ? new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/g, '')}(?:\\|[^>]*)?>`, 'g')
    : /^\s*<@[UW][A-Z0-9]{2,20}(?:\|[^>]*)?>/;
  return text.replace(pattern, ' ').trim();
}

const MessageFields = z.object({
  user: UserId.optional(),
  text: z.string().default(''),
  ts: z.string().min(1),
  channel: z.string().min(1),
  thread_ts: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  channel_type: z.string().optional(),
});

/** A person's message to the bot, or `from: 'bot'` / `'other'` for what is never answered. */
export const BotEvent = MessageFields.transform((e) => ({
  from:
    e.bot_id !== undefined || e.subtype !== undefined
      ? ('bot' as const)
      : e.user
        ? ('person' as const)
        : ('other' as const),
  userId: e.user ?? '',
  text: unescapeSlack(e.text),
  ts: e.ts,
  channel: e.channel,
  threadTs: e.thread_ts,
  channelType: e.channel_type,
}));
export type BotEvent = z.infer<typeof BotEvent>;

export const HomeOpened = z
  .object({ user: UserId, tab: z.string().default('home') })
  .transform((e) => ({ userId: e.user, tab: e.tab }));
