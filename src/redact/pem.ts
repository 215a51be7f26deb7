// Private key blocks, done in code so that an unmatched marker costs one linear walk.
import { REDACTED } from './mask.js';

const PEM_MARKER = /-----(BEGIN|END) ([A-Z0-9 ]{0,40}?)PRIVATE KEY( BLOCK)?-----/g;
// A key body line (or an encrypted key's header). JSON keeps the body on one line with `\n` escapes.
const PEM_BODY_LINE = /^(?:[A-Za-z0-9+/=\\]*|Proc-Type: .*|DEK-Info: .*)$/;
const PEM_BODY_RUN = /[A-Za-z0-9+/=\\]*/y;
const isPemBodyChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9+/=\\]/.test(c);

function pemBodyEnd(text: string, from: number): number {
  PEM_BODY_RUN.lastIndex = from;
  PEM_BODY_RUN.test(text);
  let pos = PEM_BODY_RUN.lastIndex;
  while (text[pos] === '\n') {
    const next = text.indexOf('\n', pos + 1);
    const lineEnd = next === -1 ? text.length : next;
    if (!PEM_BODY_LINE.test(text.slice(pos + 1, lineEnd))) break;
    pos = lineEnd;
  }
  return pos;
}

function pemBodyStart(text: string, from: number, floor: number): number {
  let pos = from;
  while (pos > floor && isPemBodyChar(text[pos - 1])) pos--;
  while (pos > floor && text[pos - 1] === '\n') {
    const lineStart = Math.max(floor, text.lastIndexOf('\n', pos - 2) + 1);
    if (!PEM_BODY_LINE.test(text.slice(lineStart, pos - 1))) break;
    pos = lineStart;
  }
  return pos;
}

const masked = (body: string): string => (body.includes('\n') ? `\n${REDACTED}\n` : REDACTED);

/**
 * A BEGIN without END (the text was cut) redacts the key lines after it, an END without
 * BEGIN (a log fetched from the middle) redacts the key lines before it.
 */
export function redactPem(text: string): string {
  if (!text.includes('PRIVATE KEY')) return text;
  const out: string[] = [];
  let copied = 0;
  let open: number | undefined; // index just after an unmatched BEGIN marker
  for (const match of text.matchAll(PEM_MARKER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] === 'BEGIN') {
      if (open !== undefined) continue; // a second BEGIN inside a block: the first one still spans it
      out.push(text.slice(copied, end));
      copied = end;
      open = end;
      continue;
    }
    const bodyStart = open ?? pemBodyStart(text, start, copied);
    if (open === undefined) out.push(text.slice(copied, bodyStart));
    out.push(masked(text.slice(bodyStart, start)), match[0]);
    copied = end;
    open = undefined;
  }
  if (open !== undefined) {
    copied = pemBodyEnd(text, open);
    out.push(masked(text.slice(open, copied)));
  }
  out.push(text.slice(copied));
  return out.join('');
}
