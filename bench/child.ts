// Starts bench/sandbox-child.ts and talks to it in JSON lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

export interface SandboxChild {
  url: string;
  kubeconfig: string;
  pods: number;
  send<T>(cmd: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startSandboxChild(args: Record<string, number>): Promise<SandboxChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'sandbox-child.ts'),
      ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)]),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Interface = createInterface({ input: child.stdout! });
  const queue: Array<(line: string) => void> = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const next = () => new Promise<string>((resolve) => queue.push(resolve));
  const hello = JSON.parse(await next()) as { url: string; kubeconfig: string; pods: number };
  return {
    ...hello,
    async send<T>(cmd: Record<string, unknown>) {
      const answer = next();
      child.stdin!.write(JSON.stringify(cmd) + '\n');
      return JSON.parse(await answer) as T;
    },
    async stop() {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}
