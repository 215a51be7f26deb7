// Text from the cluster, the model or the database made safe for a terminal or a page: no terminal escapes, no
// control characters, no bidi overrides that make text read differently from what it is.

// CSI and OSC sequences, two-byte escapes, and the 8-bit CSI: removed whole, so no stray "[31m" is left behind.
// eslint-disable-next-line no-control-regex
const ESCAPES =
  /\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x1b\][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]/g;
// C0 and C1 controls except tab and newline, and the bidi overrides and isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Multi-line text (a diff, a log) without escapes or control characters; tabs and newlines are kept. */
export function sanitizeBlock(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(ESCAPES, '').replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** One line of text: sanitized, whitespace runs (newlines too) collapsed to one space, trimmed. */
export function sanitize(text: string): string {
  return sanitizeBlock(text).replace(/\s+/g, ' ').trim();
}

/** One line, cut to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  const line = sanitize(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
