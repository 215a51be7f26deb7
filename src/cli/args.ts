// Argument parsing for every command, with usage errors a person can act on.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ClopusError } from '../errors.js';

export type Output = 'table' | 'json';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new ClopusError('INPUT_INVALID', `clopus ${command}: ${(err as Error).message}\nusage: ${usage}`, { exitCode: 2 });
  }
}

export function outputOf(value: unknown, command: string): Output {
  if (value === undefined || value === 'table') return 'table';
  if (value === 'json') return 'json';
  throw new ClopusError('INPUT_INVALID', `clopus ${command}: --output must be table or json, not "${String(value)}"`, { exitCode: 2 });
}
