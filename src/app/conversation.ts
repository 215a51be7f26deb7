// Whose credentials a thread question runs with: the bot's own. In-process the runner's access is exactly that; in
// job mode the runner holds a stand-in (the credentials live in the Jobs' Secret), so the bot reads its own
// environment, and without credentials there the question gets the one sentence saying so.
import type { Config } from '../config/index.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type ModelAccess, modelAccess } from '../planner/index.js';

export function botModelAccess(
  config: Config,
  env: Record<string, string | undefined>,
  runnerAccess: ModelAccess | undefined,
  mode: 'inprocess' | 'job',
  logger: Logger,
): ModelAccess | undefined {
  if (mode === 'inprocess') return runnerAccess;
  try {
    return modelAccess(config.fixer, env);
  } catch (err) {
    logger.warn({ reason: describeError(err) }, 'thread questions cannot use a model in this process');
    return undefined;
  }
}
