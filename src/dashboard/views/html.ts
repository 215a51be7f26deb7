// The one way views make markup: hono's tagged template, which escapes every interpolated value unless it is
// already markup made here. Nothing in the dashboard calls raw(): text from the cluster can never become markup.
import { html as honoHtml } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString;

/** Escapes strings (and stringified values), skips null, undefined and booleans, flattens arrays of Html. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  // Views never interpolate promises, so hono's result is always synchronous; a promise here is a bug.
  if (out instanceof Promise) throw new TypeError('dashboard views must be synchronous');
  return out;
}

/** Joins pieces of markup (or nothing) into one. */
export function join(parts: ReadonlyArray<Html | null | undefined | false>): Html {
  return html`${parts.filter((p): p is Html => Boolean(p))}`;
}
