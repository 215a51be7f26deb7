// Cluster text on its way to the model: sanitized and redacted, bounded, and fenced off as data.
import { sanitize } from '../../redact/index.js';

/** Every element the prompts fence with: text inside one of them can neither close it nor open another. */
const FENCE = /<(\/?)(untrusted|reviewer_request|question)/gi;

/** Opening or closing fence tags in `text` defused, so they read as text and never as a fence. */
export const defuse = (text: string): string => text.replace(FENCE, '‹$1$2');

/**
 * Wraps cluster text in an <untrusted> element the prompt tells the model never to obey. The text cannot
 * close the element early, nor pass for a reviewer's request or a question: any such tag inside it is defused.
 */
export function untrusted(source: string, text: string, maxChars: number): string {
  const { text: clean, truncated } = sanitize(text, maxChars);
  const label = sanitize(source, 200).text.replace(/["<>\n]/g, '');
  return `<untrusted source="${label}"${truncated ? ' truncated="true"' : ''}>\n${defuse(clean)}\n</untrusted>`;
}

/** Model-facing text that is not cluster data but may quote it (error messages): redacted, one bounded block. */
export function clean(text: string, maxChars = 2000): string {
  return defuse(sanitize(text, maxChars).text);
}

/**
 * Words a person typed (a reviewer's request, a question in the thread) in their own element: not cluster data,
 * but redacted, bounded and unable to close the element early all the same.
 */
export function personFence(tag: 'reviewer_request' | 'question', from: string, text: string, maxChars: number) {
  const { text: body, truncated } = sanitize(text, maxChars);
  const by = sanitize(from, 200).text.replace(/["<>\n]/g, '');
  return `<${tag} from="${by}"${truncated ? ' truncated="true"' : ''}>\n${defuse(body)}\n</${tag}>`;
}
