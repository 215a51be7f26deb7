// Waiting in tests, in three named ways: `waitFor` something to happen (it throws when the time is up, saying what
// it waited for and what it saw last), `stillFalse` to see that something does not happen for a while, and `settle`
// to give the system time on purpose. A budget here only guards against a hang: a loaded machine may take many
// times longer than an idle one, so none of them is a measure of speed.
import { inspect } from 'node:util';

export interface WaitOptions {
  /** How long before giving up (default 10 s). */
  timeoutMs?: number;
  intervalMs?: number;
  /** What is awaited, for the error; the probe's source text when omitted. */
  what?: string;
  /** Called when the time is up; what it returns is added to the error (a state, a process's output). */
  detail?: () => unknown;
}

export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Thrown when a wait runs out of time; its message names what was awaited and the last value seen. */
export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
}

const describeProbe = (probe: () => unknown): string => String(probe).replace(/\s+/g, ' ').slice(0, 300);
const shown = (v: unknown): string =>
  inspect(v, { depth: 3, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 400 }).slice(0, 800);

/**
 * Polls `probe` until it returns a truthy value, and returns that value. A probe that throws counts as "not yet"
 * (say, `list[0]!.text` before the list has an entry). When the time is up it throws a WaitTimeout with `what` (or
 * the probe's source), the time waited, and the last value or error seen.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, opts: WaitOptions = {}): Promise<Truthy<T>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const started = Date.now();
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() - started >= timeoutMs) break;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
  const seen = last && 'error' in last ? `the probe threw ${shown(last.error)}` : `last value ${shown(last?.value)}`;
  const extra = opts.detail?.();
  const detail = extra === undefined ? '' : `\n${typeof extra === 'string' ? extra : shown(extra)}`;
  throw new WaitTimeout(`waited ${timeoutMs} ms for ${opts.what ?? describeProbe(probe)}; ${seen}${detail}`);
}

/**
 * Watches `probe` for `ms` and throws as soon as it turns truthy: for a test that means to see something NOT happen.
 * On a loaded machine this can only miss an event that comes late, never report one that did not happen.
 */
export async function stillFalse(
  probe: () => unknown,
  ms: number,
  opts: { intervalMs?: number; what?: string } = {},
): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const value: unknown = await probe();
    if (value)
      throw new Error(
        `expected ${opts.what ?? describeProbe(probe)} to stay false for ${ms} ms, but it became ${shown(value)}`,
      );
    if (Date.now() >= until) return;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}

/** Waits `ms` on purpose, to give the system a chance to do what it must not (the assertions after say what). */
export function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** How long a child process may take to show a first sign of life on a loaded machine: only a guard against a hang. */
export const STARTUP_MS = 120_000;

/**
 * Waits for `probe` within `timeoutMs` counted from a child process's first sign of life (`alive()` turning true:
 * its first output line, its first request to a fake), not from its spawn: starting node, tsx or Claude Code on a
 * loaded machine can take most of a budget by itself. The start-up gets STARTUP_MS of its own.
 */
export async function waitAfterStartup<T>(
  alive: () => unknown,
  probe: () => T | Promise<T>,
  opts: WaitOptions & { startupMs?: number; who?: string } = {},
): Promise<Truthy<T>> {
  await waitFor(alive, {
    timeoutMs: opts.startupMs ?? STARTUP_MS,
    intervalMs: opts.intervalMs ?? 25,
    what: `a first sign of life from ${opts.who ?? 'the child process'}`,
  });
  return waitFor(probe, opts);
}
