// Small bar charts in plain HTML and CSS. The CSP allows no inline style, so a bar's size is one of the
// pct-0…pct-100 classes that assets/style.ts defines.
import { type Html, html } from './html.js';

/** 0–100, rounded; a non-zero value never rounds down to an invisible bar. */
export function pct(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(1, Math.min(100, Math.round((value / max) * 100)));
}

export interface Bar {
  label: string;
  value: number;
  /** What the number shows, e.g. "12" or "$0.40". */
  display: string;
  href?: string;
}

/** Horizontal bars, one per row, scaled to the largest. */
export function barList(bars: readonly Bar[], empty: string): Html {
  if (bars.length === 0) return html`<div class="empty small">${empty}</div>`;
  const max = Math.max(...bars.map((b) => b.value));
  return html`<ul class="bars">${bars.map(
    (b) => html`<li>
  <span class="bar-label">${b.href ? html`<a href="${b.href}">${b.label}</a>` : b.label}</span>
  <span class="bar-track"><span class="bar-fill pct-${pct(b.value, max)}"></span></span>
  <span class="bar-value">${b.display}</span>
</li>`,
  )}</ul>`;
}

export interface Column {
  label: string;
  value: number;
  title: string;
  /** A second, smaller line under the label (e.g. the day's model cost). */
  note?: string;
}

/** Vertical columns (days, histogram buckets), scaled to the largest. */
export function columns(cols: readonly Column[], caption: string): Html {
  const max = Math.max(0, ...cols.map((c) => c.value));
  return html`<figure class="columns" aria-label="${caption}">
<div class="columns-plot">${cols.map((c) => html`<div class="col" title="${c.title}"><span class="col-value">${c.value > 0 ? c.value : ''}</span><span class="col-bar pct-${pct(c.value, max)}"></span></div>`)}</div>
<div class="columns-axis">${cols.map((c) => html`<div class="col-label">${c.label}${c.note ? html`<span class="col-note">${c.note}</span>` : ''}</div>`)}</div>
</figure>`;
}
