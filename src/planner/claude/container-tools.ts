// Read-only tools inside a container, through exec with fixed argv (never a shell): read a file, list a
// directory, run one command from an allow-list.
import { createHash } from 'node:crypto';
import { tool } from '@anthropic-ai/claude-agent-sdk';
import { z } from 'zod';
import { describeError } from '../../errors.js';
import { checkPath } from '../proposal/check.js';
import { type CallToolResult, fail, ok, pickContainer, podRefusal, type ToolContext } from './tool-context.js';
import { untrusted } from './untrusted.js';

const FILE_BYTES = 64 * 1024;
const OUTPUT_CHARS = 16_000;
const EXEC_TIMEOUT_MS = 10_000;

/**
 * Commands that only read. No `env`, `printenv` or `/proc/*\/environ`: the environment is where secrets live.
 */
export const READONLY_COMMANDS = {
  ps: ['ps'],
  df: ['df', '-h'],
  id: ['id'],
  hostname: ['hostname'],
  meminfo: ['cat', '/proc/meminfo'],
  mounts: ['cat', '/proc/mounts'],
  uptime: ['cat', '/proc/uptime'],
  resolv_conf: ['cat', '/etc/resolv.conf'],
} as const satisfies Record<string, readonly string[]>;

type CommandName = keyof typeof READONLY_COMMANDS;
const COMMAND_NAMES = Object.keys(READONLY_COMMANDS) as [CommandName, ...CommandName[]];

const readOnly = { annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } };
const target = { pod: z.string(), container: z.string().optional() };

interface Ran {
  container: string;
  stdout: string;
  truncated: boolean;
}

async function run(
  ctx: ToolContext,
  pod: string,
  container: string | undefined,
  argv: string[],
  maxBytes: number,
): Promise<Ran | { error: CallToolResult }> {
  const refused = podRefusal(ctx, pod);
  if (refused) return { error: refused };
  const picked = pickContainer(ctx, container);
  if ('error' in picked) return picked;
  const shown = argv.join(' ');
  try {
    const r = await ctx.kube.exec({
      namespace: ctx.incident.namespace,
      pod,
      container: picked.container,
      argv,
      timeoutMs: EXEC_TIMEOUT_MS,
      maxOutputBytes: maxBytes,
    });
    if (r.exitCode !== 0)
      return {
        error: fail(
          `\`${shown}\` in ${pod}/${picked.container} exited with ${r.exitCode}: ${r.stderr || r.stdout || '(no output)'}`,
        ),
      };
    return { container: picked.container, stdout: r.stdout, truncated: r.truncated };
  } catch (err) {
    return {
      error: fail(
        `Cannot run \`${shown}\` in ${pod}/${picked.container}: ${describeError(err)}. Exec needs a running container (not one in CrashLoopBackOff) whose image has the command.`,
      ),
    };
  }
}

export function containerTools(ctx: ToolContext) {
  const readFile = tool(
    'read_file',
    `Read a file in a container of one of the incident's pods (up to ${FILE_BYTES} bytes). The answer gives the file's sha256: pass it as expectedSha256 if you propose to edit the file.`,
    { ...target, path: z.string().describe('Absolute path') },
    async ({ pod, container, path }) => {
      const bad = checkPath(path);
      if (bad.length > 0) return fail(bad.join('; '));
      const r = await run(ctx, pod, container, ['cat', path], FILE_BYTES);
      if ('error' in r) return r.error;
      const name = r.container;
      let header = `${path}: ${Buffer.byteLength(r.stdout)} bytes, truncated at ${FILE_BYTES}; too large to edit whole`;
      if (!r.truncated) {
        const sha = createHash('sha256').update(r.stdout, 'utf8').digest('hex');
        ctx.fileHashes.set(`${pod}/${name}/${path}`, sha);
        header = `${path}: ${Buffer.byteLength(r.stdout)} bytes, sha256 ${sha}`;
      }
      return ok(`${header}\n${untrusted(`file ${path} in ${pod}/${name}`, r.stdout, OUTPUT_CHARS)}`);
    },
    readOnly,
  );

  const listDir = tool(
    'list_dir',
    "List a directory (ls -la) in a container of one of the incident's pods.",
    { ...target, path: z.string().describe('Absolute path') },
    async ({ pod, container, path }) => {
      if (!path.startsWith('/') || path.split('/').includes('..'))
        return fail(`path "${path}" must be absolute, without ".." segments`);
      const r = await run(ctx, pod, container, ['ls', '-la', path], 64 * 1024);
      if ('error' in r) return r.error;
      return ok(untrusted(`ls -la ${path} in ${pod}`, r.stdout, OUTPUT_CHARS));
    },
    readOnly,
  );

  const runCommand = tool(
    'run_readonly_command',
    `Run one read-only diagnostic command in a container: ${COMMAND_NAMES.map((n) => `${n} (${READONLY_COMMANDS[n].join(' ')})`).join(', ')}.`,
    { ...target, command: z.enum(COMMAND_NAMES) },
    async ({ pod, container, command }) => {
      const argv = [...READONLY_COMMANDS[command]];
      const r = await run(ctx, pod, container, argv, 64 * 1024);
      if ('error' in r) return r.error;
      return ok(untrusted(`${argv.join(' ')} in ${pod}`, r.stdout, OUTPUT_CHARS));
    },
    readOnly,
  );

  return [readFile, listDir, runCommand];
}
