// Size caps for diffs: whole lines only, with a marker saying how much was left out.

export interface Capped {
  text: string;
  omittedLines: number;
}

export const moreLines = (n: number): string => `… ${n} more line${n === 1 ? '' : 's'}`;
const markerBytes = (n: number): number => Buffer.byteLength(moreLines(n), 'utf8') + 1;

/** Keeps the leading lines of `text` that fit both limits, counting the "… N more lines" marker that replaces the rest. */
export function capLines(text: string, maxLines: number, maxBytes: number): Capped {
  if (text === '') return { text: '', omittedLines: 0 };
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const sizes = lines.map((line) => Buffer.byteLength(line, 'utf8') + 1);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (lines.length <= maxLines && total <= maxBytes) return { text: `${lines.join('\n')}\n`, omittedLines: 0 };
  let kept = 0;
  let bytes = 0;
  while (
    kept < lines.length &&
    kept + 1 < maxLines &&
    bytes + sizes[kept]! + markerBytes(lines.length - kept - 1) <= maxBytes
  ) {
    bytes += sizes[kept]!;
    kept++;
  }
  const dropped = lines.length - kept;
  return { text: `${[...lines.slice(0, kept), moreLines(dropped)].join('\n')}\n`, omittedLines: dropped };
}

export function countLines(text: string): number {
  if (text === '') return 0;
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').length;
}
