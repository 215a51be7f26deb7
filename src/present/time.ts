// Times as people read them: "2026-03-01 12:00:03 UTC", "5 min ago". Pure functions of their input and `now`.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

/** Whether a string is an ISO 8601 timestamp, as the store writes them. */
export const isIsoTime = (text: string): boolean => ISO.test(text) && !Number.isNaN(Date.parse(text));

/** "2026-03-01 12:00:03 UTC"; anything that is not a time comes back as it was. */
export function at(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "just now", "40 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 5 min" for a time still to come. */
export function ago(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const span = Math.abs(ms);
  const size =
    span < 5000
      ? ''
      : span < MINUTE
        ? `${Math.floor(span / 1000)} s`
        : span < HOUR
          ? `${Math.floor(span / MINUTE)} min`
          : span < DAY
            ? `${Math.floor(span / HOUR)} h`
            : `${Math.floor(span / DAY)} d`;
  if (size === '') return 'just now';
  return ms >= 0 ? `${size} ago` : `in ${size}`;
}

/** "2026-03-01 12:00:03 UTC (5 min ago)" */
export function when(iso: string, now: Date): string {
  return Number.isNaN(Date.parse(iso)) ? iso : `${at(iso)} (${ago(iso, now)})`;
}
