// The `clopus` executable: runs a command with the process's streams and exits with its code.
import { main } from './main.js';

const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
// A finished command must not linger on an open socket or timer.
if (process.argv[2] !== 'serve') setTimeout(() => process.exit(code), 100).unref();
