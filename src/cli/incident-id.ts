// An incident ID as a person types it: 2, or #2 as the demo, Slack and the dashboard write it.
import { ClopusError } from '../errors.js';

export function incidentIdOf(command: string, usage: string, positionals: readonly string[]): number {
  const word = positionals[0]?.replace(/^#/, '') ?? '';
  const id = Number(word);
  if (positionals.length !== 1 || !/^\d{1,15}$/.test(word) || !Number.isSafeInteger(id) || id < 1) {
    throw new ClopusError(
      'INPUT_INVALID',
      `clopus ${command} needs one incident ID (a positive whole number)\nusage: ${usage}`,
      { exitCode: 2 },
    );
  }
  return id;
}
