// Binary search over sorted store keys ("namespace/name"), so paging through 10,000 objects stays cheap.

/** Index of the first key >= value. */
export function lowerBound(keys: readonly string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first key > value. */
export function upperBound(keys: readonly string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
