// One Claude Code query driven to its end, or stopped by the watchdog, and the bounded wind-down after it.
import { setTimeout as sleep } from 'node:timers/promises';
import { type Options, query } from '@anthropic-ai/claude-agent-sdk';
import { describeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { redact } from '../../redact/index.js';
import type { ChildHome } from './child-env.js';
import type { RunTracker } from './run-tracker.js';
import type { ClaudeLimits } from './types.js';
import type { Watchdog } from './watchdog.js';

/** How long to wait after a deadline for the SDK to wind down before answering anyway. */
const SETTLE_MS = 1000;

export interface Driven {
  /** Resolves once the SDK has wound down (its child has exited). */
  settled: Promise<void>;
  /** What the query threw, if anything; read it after the drive returns. */
  thrown(): unknown;
}

/** Feeds every message to the tracker until the run ends or the watchdog stops it. Never throws. */
export async function drive(prompt: string, options: Options, dog: Watchdog, tracker: RunTracker): Promise<Driven> {
  let thrown: unknown;
  let settled: Promise<void> = Promise.resolve();
  try {
    if (dog.controller.signal.aborted) throw new Error('cancelled before it started');
    const run = query({ prompt, options });
    settled = (async () => {
      for await (const message of run) tracker.see(message);
    })().catch((err: unknown) => {
      thrown = err;
    });
    await dog.race(settled, () => run.close());
  } catch (err) {
    thrown = err;
  }
  return { settled, thrown: () => thrown };
}

/**
 * After an abort the child is killed at once (spawn.ts) and the SDK settles within ~100 ms; the HOME is removed
 * once it has (a session HOME is kept), and a stuck SDK does not hold up the answer.
 */
export async function windDown(settled: Promise<void>, home: ChildHome, logger: Logger): Promise<void> {
  const cleanup = settled
    .then(() => home.remove())
    .catch((err: unknown) => logger.warn({ err, home: home.home }, 'cannot remove the claude home'));
  await Promise.race([cleanup, sleep(SETTLE_MS, undefined, { ref: false })]);
}

/**
 * Why the run failed, if it did: the watchdog's deadline, the result's own error, or what the query threw (what
 * Claude Code printed when it died may quote the API's error body, and with it a key: redacted like logs).
 */
export function runFailure(
  dog: Watchdog,
  tracker: RunTracker,
  limits: ClaudeLimits,
  thrown: unknown,
): string | undefined {
  return (
    dog.reason() ??
    tracker.failure(limits) ??
    (thrown === undefined ? undefined : `Claude Code failed: ${redact(describeError(thrown))}`)
  );
}
