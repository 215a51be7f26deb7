// Block Kit builders within Slack's limits: section text ≤ 3000, header ≤ 150, fields ≤ 10 of ≤ 2000, 50 blocks a
// message, 25 elements an action block. Text that would not fit is cut here, so a message is never refused for size.
import type { types } from '@slack/bolt';
import { cut, type Mrkdwn, text } from './escape.js';

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  field: 2000,
  fields: 10,
  blocks: 50,
  contextElements: 10,
  buttonText: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  fallbackText: 3000,
} as const;

/** Plain text is not parsed for mentions or links; it is escaped all the same (Slack shows the entities decoded). */
export const plain = (value: string, max: number): types.PlainTextElement => ({
  type: 'plain_text',
  text: cut(text(value.replace(/\s+/g, ' ').trim() || ' '), max),
  emoji: true,
});

export const header = (value: string): Block => ({ type: 'header', text: plain(value, LIMITS.headerText) });

export const section = (value: Mrkdwn): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cut(value, LIMITS.sectionText) },
});

export const fields = (values: readonly Mrkdwn[]): Block => ({
  type: 'section',
  fields: values.slice(0, LIMITS.fields).map((v) => ({ type: 'mrkdwn', text: cut(v, LIMITS.field) })),
});

export const context = (values: readonly Mrkdwn[]): Block => ({
  type: 'context',
  elements: values.slice(0, LIMITS.contextElements).map((v) => ({ type: 'mrkdwn', text: cut(v, LIMITS.field) })),
});

export const divider = (): Block => ({ type: 'divider' });

export const actions = (blockId: string, elements: readonly ButtonElement[]): Block => ({
  type: 'actions',
  block_id: blockId.slice(0, 255),
  elements: elements.slice(0, 25),
});

export interface ButtonSpec {
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: Mrkdwn; confirm: string; deny: string; style?: 'primary' | 'danger' };
}

export function button(spec: ButtonSpec): ButtonElement {
  return {
    type: 'button',
    action_id: spec.actionId,
    text: plain(spec.label, LIMITS.buttonText),
    value: spec.value.slice(0, 2000),
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm
      ? {
          confirm: {
            title: plain(spec.confirm.title, LIMITS.confirmTitle),
            text: { type: 'mrkdwn', text: cut(spec.confirm.text, LIMITS.confirmText) },
            confirm: plain(spec.confirm.confirm, LIMITS.confirmButton),
            deny: plain(spec.confirm.deny, LIMITS.confirmButton),
            ...(spec.confirm.style ? { style: spec.confirm.style } : {}),
          },
        }
      : {}),
  };
}

/** What the outbox sends: the blocks, and the plain fallback Slack shows in notifications and old clients. */
export interface SlackMessage {
  text: Mrkdwn;
  blocks: Block[];
}

export function message(fallback: Mrkdwn, blocks: Block[]): SlackMessage {
  return { text: cut(fallback, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocks) };
}
