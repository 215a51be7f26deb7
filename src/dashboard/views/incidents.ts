// The incidents list: filters (a plain GET form, so it works without script), then a live table with pages.
import { REASONS, STATES } from '../../core/index.js';
import type { Incident } from '../../store/index.js';
import { type ListQuery, PAGE_SIZE } from '../schema.js';
import { count, plural } from './format.js';
import { type Html, html } from './html.js';
import { incidentTable } from './incident-table.js';
import { stateLabel } from './states.js';

/** The query string for these filters (and page), in a stable order; '' when there are none. */
export function listQueryString(q: ListQuery, page = q.page): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  if (q.state) params.set('state', q.state);
  if (q.namespace) params.set('namespace', q.namespace);
  if (q.reason) params.set('reason', q.reason);
  if (q.list) params.set('list', q.list);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function select(
  name: string,
  label: string,
  options: readonly { value: string; label: string }[],
  current: string | undefined,
): Html {
  return html`<label class="field"><span>${label}</span><select name="${name}">
<option value="">Any</option>
${options.map((o) => html`<option value="${o.value}" ${o.value === current ? html`selected` : ''}>${o.label}</option>`)}
</select></label>`;
}

export function filterForm(q: ListQuery, namespaces: readonly string[]): Html {
  // A namespace in the URL that has no incidents (yet) stays selectable, so the form shows what is filtered.
  const known = q.namespace && !namespaces.includes(q.namespace) ? [q.namespace, ...namespaces] : namespaces;
  const filtered = Boolean(q.q || q.state || q.namespace || q.reason || q.list);
  return html`<form class="filters" method="get" action="/incidents" role="search">
${q.list ? html`<input type="hidden" name="list" value="${q.list}">` : ''}
<label class="field grow"><span>Search</span><input type="search" name="q" value="${q.q ?? ''}" placeholder="Workload, namespace, message…" maxlength="200"></label>
${select(
  'state',
  'State',
  STATES.map((s) => ({ value: s, label: stateLabel(s) })),
  q.state,
)}
${select(
  'namespace',
  'Namespace',
  known.map((n) => ({ value: n, label: n })),
  q.namespace,
)}
${select(
  'reason',
  'Reason',
  REASONS.map((r) => ({ value: r, label: r })),
  q.reason,
)}
<div class="field actions"><button type="submit">Filter</button>${filtered ? html`<a class="button subtle" href="/incidents">Clear</a>` : ''}</div>
</form>`;
}

function pagination(q: ListQuery, total: number): Html {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return html``;
  const link = (page: number, label: string, rel: string) =>
    page < 1 || page > pages
      ? html`<span class="button subtle disabled" aria-disabled="true">${label}</span>`
      : html`<a class="button subtle" rel="${rel}" href="/incidents${listQueryString(q, page)}">${label}</a>`;
  return html`<nav class="pager" aria-label="Pages">
${link(q.page - 1, '← Newer', 'prev')}
<span class="muted">Page ${count(Math.min(q.page, pages))} of ${count(pages)}</span>
${link(q.page + 1, 'Older →', 'next')}
</nav>`;
}

export function incidentResults(q: ListQuery, page: { items: Incident[]; total: number }, now: Date): Html {
  const first = (q.page - 1) * PAGE_SIZE + 1;
  const summary =
    page.total === 0
      ? 'No incidents match.'
      : `${plural(page.total, 'incident')}${page.total > PAGE_SIZE && page.items.length > 0 ? ` · showing ${count(first)}–${count(first + page.items.length - 1)}` : ''}`;
  return html`<div class="results-head"><span class="muted" data-total="${page.total}">${summary}</span></div>
${incidentTable(page.items, now, q.page > 1 ? 'This page is past the last incident.' : 'No incidents match these filters.')}
${pagination(q, page.total)}`;
}
