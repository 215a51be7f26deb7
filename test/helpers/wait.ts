// Polls a condition until it holds or the time is up; the assertion afterwards says what was expected.
export async function waitFor<T>(probe: () => T | Promise<T>, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let last: T = await probe();
  while (!last && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
    last = await probe();
  }
  return last;
}
