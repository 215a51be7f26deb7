// `clopus --version` and `clopus version`: the package's version, read from the package's package.json.
import { readFileSync } from 'node:fs';
import { ClopusError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { type CliIo, write } from './io.js';
import { SPECS } from './specs.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: string };
  return `clopus ${pkg.version ?? 'unknown'}`;
}

export async function versionCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.length > 0)
    throw new ClopusError('INPUT_INVALID', `version takes no arguments\nusage: ${SPECS.version.usage}`, {
      exitCode: 2,
    });
  write(io.stdout, version());
  return 0;
}
