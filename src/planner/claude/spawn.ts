// Spawning Claude Code ourselves so a deadline or cancel can kill it at once. The SDK's own close gives the
// child about two seconds of grace after stdin ends, and in that time a child that is still starting sends
// its first API request anyway (observed): after our deadline, not one more token may be spent.
import { spawn } from 'node:child_process';
import type { SpawnedProcess, SpawnOptions } from '@anthropic-ai/claude-agent-sdk';

export function killableSpawn(
  hardStop: AbortSignal,
  onStderr: (text: string) => void,
): (options: SpawnOptions) => SpawnedProcess {
  return (options) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // The SDK's forwarded signal: it fires after the graceful window, for the normal close path.
      signal: options.signal,
      windowsHide: true,
    });
    child.stderr.setEncoding('utf8').on('data', onStderr);
    // An abort during spawn emits 'error' before the SDK has listened; it learns of the exit anyway.
    child.on('error', (err) => onStderr(`spawn error: ${err.message}`));
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    if (hardStop.aborted) kill();
    else hardStop.addEventListener('abort', kill, { once: true });
    child.once('exit', () => hardStop.removeEventListener('abort', kill));
    return child;
  };
}
