// Audit details are free text or JSON text; shown as short key/value pairs, whatever their shape.
import type { Html } from '../html.js';
import { html } from '../html.js';

const MAX_VALUE = 300;

function short(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

/** Parses JSON text if it is JSON, else undefined. */
export function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function detailView(detail: string | null): Html | '' {
  if (detail === null || detail === '') return '';
  const parsed = parseJson(detail);
  if (parsed === undefined || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return html`<div class="detail-text">${short(typeof parsed === 'string' ? parsed : detail)}</div>`;
  }
  const entries = Object.entries(parsed).filter(([, v]) => v !== null && v !== undefined);
  if (entries.length === 0) return '';
  return html`<dl class="kv">${entries.map(([k, v]) => html`<div><dt>${k}</dt><dd>${Array.isArray(v) && v.some((x) => typeof x === 'object') ? `${v.length} item${v.length === 1 ? '' : 's'}` : short(v)}</dd></div>`)}</dl>`;
}

/** An applied action's target: JSON naming a workload or pod reads as "Deployment shop/web"; text stays text. */
export function targetText(target: string): string {
  const parsed = parseJson(target);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return target;
  const t = parsed as Record<string, unknown>;
  const str = (k: string) => (typeof t[k] === 'string' ? (t[k] as string) : undefined);
  const where = [str('namespace'), str('name') ?? str('pod')].filter(Boolean).join('/');
  const what = [
    str('kind') ?? (str('pod') ? 'pod' : undefined),
    where,
    str('container') && `(${str('container')})`,
    str('path'),
  ]
    .filter(Boolean)
    .join(' ');
  return what || target;
}
