// Reviewable in full, or not approvable: what lands must be exactly what a reviewer reads. Text that redaction
// would mask, or that a display cap would cut, is refused: a fix never needs to write secret-shaped text.
import { MAX_LINE_CHARS, redact } from '../../redact/index.js';

/** Why `text`, which would land as it is, cannot be shown whole; undefined when it can. */
export function unreviewable(text: string, what: string): string | undefined {
  if (redact(text) !== text)
    return `${what} contains text shaped like a secret, which every display masks; a reviewer could not see what would land, so write it by hand`;
  const long = text.split('\n').findIndex((line) => line.length > MAX_LINE_CHARS);
  if (long !== -1)
    return `${what} has a line over ${MAX_LINE_CHARS} characters (line ${long + 1}), which displays cut; a reviewer could not see all of it`;
  return undefined;
}

/** Every string inside a JSON value. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}
