// Multi-line YAML secrets: env entries (`- name: DB_PASSWORD` with `value:` on the next line) and block scalars
// under a secret key (`password: |`, `private_key: >-`), whose value is every line indented under the key.
import { isMasked, REDACTED } from './mask.js';
import { isSecretKey, isSecretPair } from './secret-key.js';

const ENV_YAML =
  /^([ \t]{0,64}-[ \t]{1,8}name:[ \t]{0,8})(["']?)([A-Za-z0-9_.-]{1,128})\2([ \t]{0,8}\n[ \t]{1,64}value:[ \t]{0,8})(\S[^\n]{0,4095})$/gm;
/** `key: |`, `- key: >-`, with an optional indentation indicator and comment. */
const BLOCK_KEY =
  /^([ \t]{0,64}(?:-[ \t]{1,8})?)(["']?)([A-Za-z0-9_.-]{1,128})\2:[ \t]{0,8}[|>][+-]?[0-9]?[+-]?[ \t]{0,8}(?:#[^\n]{0,256})?$/gm;

export function redactEnvYaml(text: string): string {
  if (!text.includes('name:')) return text;
  return text.replace(ENV_YAML, (match, head: string, q: string, name: string, between: string, value: string) =>
    isSecretPair(name, value.replace(/^(["'])(.*)\1$/, '$2')) && !isMasked(value)
      ? `${head}${q}${name}${q}${between}${REDACTED}`
      : match,
  );
}

/**
 * The lines of a block after the line ending at `from` that are indented deeper than `column` (blank lines
 * inside count, trailing ones do not): returns where the block's last line ends and its indentation.
 * Walks characters rather than slicing lines: a hostile log may hold a million such blocks.
 */
export function blockAfter(text: string, from: number, column: number): { end: number; indent: number } {
  let pos = from;
  let end = from;
  let indent = -1;
  while (pos < text.length && text.charCodeAt(pos) === 10) {
    let first = pos + 1;
    while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    const lineEnd = first < text.length ? text.indexOf('\n', first) : text.length;
    const stop = lineEnd === -1 ? text.length : lineEnd;
    if (first < stop && text.charCodeAt(first) !== 13) {
      const width = first - pos - 1;
      if (width <= column) break;
      if (indent === -1) indent = width;
      end = stop;
    }
    pos = stop;
  }
  return { end, indent };
}

/** Each secret block scalar's lines become one `[REDACTED]` line at the block's indentation. */
export function redactBlockScalars(text: string): string {
  if (!text.includes('|') && !text.includes('>')) return text;
  const out: string[] = [];
  let copied = 0;
  for (const match of text.matchAll(BLOCK_KEY)) {
    const lineEnd = match.index + match[0].length;
    // A key inside a block already masked, or one that names no secret.
    if (match.index < copied || !isSecretKey(match[3] ?? '')) continue;
    const { end, indent } = blockAfter(text, lineEnd, (match[1] ?? '').length);
    if (indent === -1) continue;
    out.push(text.slice(copied, lineEnd), `\n${' '.repeat(indent)}${REDACTED}`);
    copied = end;
  }
  out.push(text.slice(copied));
  return out.join('');
}
