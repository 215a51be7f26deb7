// Cluster text on its way to the model: sanitized and redacted, bounded, and fenced off as data.
import { sanitize } from '../../redact/index.js';

const FENCE = /<(\/?)untrusted/gi;

/**
 * Wraps cluster text in an <untrusted> element the prompt tells the model never to obey. The text cannot
 * close the element early: any "<untrusted" or "</untrusted" inside it is defused.
 */
export function untrusted(source: string, text: string, maxChars: number): string {
  const { text: clean, truncated } = sanitize(text, maxChars);
  const body = clean.replace(FENCE, '‹$1untrusted');
  const label = sanitize(source, 200).text.replace(/["<>\n]/g, '');
  return `<untrusted source="${label}"${truncated ? ' truncated="true"' : ''}>\n${body}\n</untrusted>`;
}

/** Model-facing text that is not cluster data but may quote it (error messages): redacted, one bounded block. */
export function clean(text: string, maxChars = 2000): string {
  return sanitize(text, maxChars).text.replace(FENCE, '‹$1untrusted');
}
