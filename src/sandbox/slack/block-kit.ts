// Block Kit's documented limits for modal and Home tab views, checked by the Slack fake as Slack would refuse them
// (views.open / views.update / views.publish answer `invalid_arguments` naming each problem).
// https://api.slack.com/reference/surfaces/views, https://api.slack.com/reference/block-kit/blocks
import type { JsonObject } from './types.js';

export const VIEW_LIMITS = {
  /** Modal title, submit and close button texts. */
  title: 24,
  /** Blocks in a modal or a Home tab. */
  blocks: 100,
  callbackId: 255,
  privateMetadata: 3000,
  externalId: 255,
  /** An input block's label and hint. */
  label: 2000,
  hint: 2000,
  /** A plain-text input's max_length may not exceed this; min_length 0–3000 too. */
  inputMaxLength: 3000,
  placeholder: 150,
  initialValue: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  url: 3000,
} as const;

type Obj = JsonObject;

function textObject(where: string, t: unknown, max: number, problems: string[], plainOnly = false): void {
  if (!t || typeof t !== 'object') return void problems.push(`${where} must be a text object`);
  const o = t as Obj;
  if (o.type !== 'plain_text' && (plainOnly || o.type !== 'mrkdwn'))
    problems.push(`${where} must be ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`);
  if (typeof o.text !== 'string' || o.text.length === 0) problems.push(`${where}.text must be a non-empty string`);
  else if (o.text.length > max)
    problems.push(`${where}.text must be at most ${max} characters (it has ${o.text.length})`);
}

function element(where: string, e: Obj, problems: string[]): void {
  if (typeof e.action_id === 'string' && e.action_id.length > VIEW_LIMITS.actionId)
    problems.push(`${where}.action_id must be at most ${VIEW_LIMITS.actionId} characters`);
  if (e.type === 'button') {
    textObject(`${where}.text`, e.text, VIEW_LIMITS.buttonText, problems, true);
    if (typeof e.value === 'string' && e.value.length > VIEW_LIMITS.buttonValue)
      problems.push(`${where}.value must be at most ${VIEW_LIMITS.buttonValue} characters`);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
      problems.push(`${where}.style must be primary or danger`);
  } else if (e.type === 'plain_text_input') {
    for (const k of ['max_length', 'min_length'] as const)
      if (e[k] !== undefined && (!Number.isInteger(e[k]) || e[k] < 0 || e[k] > VIEW_LIMITS.inputMaxLength))
        problems.push(`${where}.${k} must be an integer from 0 to ${VIEW_LIMITS.inputMaxLength}`);
    if (e.placeholder !== undefined)
      textObject(`${where}.placeholder`, e.placeholder, VIEW_LIMITS.placeholder, problems, true);
    if (typeof e.initial_value === 'string' && e.initial_value.length > VIEW_LIMITS.initialValue)
      problems.push(`${where}.initial_value must be at most ${VIEW_LIMITS.initialValue} characters`);
    if (
      typeof e.max_length === 'number' &&
      typeof e.initial_value === 'string' &&
      e.initial_value.length > e.max_length
    )
      problems.push(`${where}.initial_value is longer than its max_length`);
  }
}

function block(where: string, b: Obj, problems: string[], surface: 'modal' | 'home'): void {
  if (typeof b.block_id === 'string' && b.block_id.length > VIEW_LIMITS.blockId)
    problems.push(`${where}.block_id must be at most ${VIEW_LIMITS.blockId} characters`);
  switch (b.type) {
    case 'section':
      if (b.text === undefined && b.fields === undefined) problems.push(`${where} needs text or fields`);
      if (b.text !== undefined) textObject(`${where}.text`, b.text, VIEW_LIMITS.sectionText, problems);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > VIEW_LIMITS.sectionFields)
          problems.push(`${where}.fields must be at most ${VIEW_LIMITS.sectionFields} items`);
        else
          for (const [i, f] of (b.fields as unknown[]).entries())
            textObject(`${where}.fields[${i}]`, f, VIEW_LIMITS.fieldText, problems);
      }
      if (b.accessory) element(`${where}.accessory`, b.accessory, problems);
      return;
    case 'header':
      textObject(`${where}.text`, b.text, VIEW_LIMITS.header, problems, true);
      return;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > VIEW_LIMITS.contextElements)
        problems.push(`${where}.elements must have 1 to ${VIEW_LIMITS.contextElements} items`);
      return;
    case 'actions':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > VIEW_LIMITS.actionsElements)
        return void problems.push(`${where}.elements must have 1 to ${VIEW_LIMITS.actionsElements} items`);
      for (const [i, e] of (b.elements as Obj[]).entries()) element(`${where}.elements[${i}]`, e, problems);
      return;
    case 'input':
      if (surface === 'home') problems.push(`${where}: input blocks are not allowed in a Home tab without dispatch`);
      textObject(`${where}.label`, b.label, VIEW_LIMITS.label, problems, true);
      if (b.hint !== undefined) textObject(`${where}.hint`, b.hint, VIEW_LIMITS.hint, problems, true);
      if (!b.element || typeof b.element !== 'object') problems.push(`${where}.element is required`);
      else element(`${where}.element`, b.element, problems);
      return;
    case 'divider':
    case 'rich_text':
    case 'image':
      return;
    default:
      problems.push(`${where}.type "${String(b.type)}" is not a known block type`);
  }
}

/** Every way `view` breaks Block Kit's rules for its surface; empty when Slack would take it. */
export function viewProblems(view: unknown): string[] {
  const problems: string[] = [];
  if (!view || typeof view !== 'object') return ['view must be an object'];
  const v = view as Obj;
  if (v.type !== 'modal' && v.type !== 'home') return [`view.type must be modal or home (it is ${String(v.type)})`];
  if (v.type === 'modal') {
    textObject('view.title', v.title, VIEW_LIMITS.title, problems, true);
    for (const k of ['submit', 'close'] as const)
      if (v[k] !== undefined) textObject(`view.${k}`, v[k], VIEW_LIMITS.title, problems, true);
    const hasInput = Array.isArray(v.blocks) && v.blocks.some((b: Obj) => b?.type === 'input');
    if (hasInput && v.submit === undefined) problems.push('view.submit is required when the modal has input blocks');
  }
  if (typeof v.callback_id === 'string' && v.callback_id.length > VIEW_LIMITS.callbackId)
    problems.push(`view.callback_id must be at most ${VIEW_LIMITS.callbackId} characters`);
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > VIEW_LIMITS.privateMetadata)
    problems.push(`view.private_metadata must be at most ${VIEW_LIMITS.privateMetadata} characters`);
  if (typeof v.external_id === 'string' && v.external_id.length > VIEW_LIMITS.externalId)
    problems.push(`view.external_id must be at most ${VIEW_LIMITS.externalId} characters`);
  if (!Array.isArray(v.blocks)) return [...problems, 'view.blocks must be an array'];
  if (v.blocks.length > VIEW_LIMITS.blocks)
    problems.push(`view.blocks must be at most ${VIEW_LIMITS.blocks} blocks (it has ${v.blocks.length})`);
  const ids = new Set<string>();
  v.blocks.forEach((b: Obj, i: number) => {
    if (typeof b?.block_id === 'string') {
      if (ids.has(b.block_id)) problems.push(`view.blocks[${i}].block_id "${b.block_id}" is repeated`);
      ids.add(b.block_id);
    }
    block(`view.blocks[${i}]`, b ?? {}, problems, v.type);
  });
  return problems;
}
