// The demo's own flags: --help prints the usage and exits 0; a wrong flag is one sentence and exit 2, no stack.
import { parseArgs } from 'node:util';
import { describeError } from '../errors.js';

export const say = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

const USAGE = `usage: npm run demo [-- [--once] [--db FILE]]
  --once     exit 0 once cache, orders and (reviewed in the Slack fake) indexer are verified and web waits
             for a person (what CI runs), else 1
  --db FILE  keep the demo's database in FILE (default: a temporary directory)
  -h, --help show this help`;

export function demoArgs(): { once: boolean; db?: string | undefined } {
  try {
    const { values } = parseArgs({
      options: {
        once: { type: 'boolean', default: false },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      say(USAGE);
      process.exit(0);
    }
    return values;
  } catch (err) {
    process.stderr.write(`demo: ${describeError(err)}\n${USAGE}\n`);
    process.exit(2);
  }
}
