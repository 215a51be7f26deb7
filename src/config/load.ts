// Reads the optional YAML file and the env, merges them (env wins) and validates once.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ClopusError } from '../errors.js';
import { Config, ENV_KEYS } from './schema.js';

type Env = Record<string, string | undefined>;

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function envSource(path: string[]): string | undefined {
  return Object.entries(ENV_KEYS).find(([, spec]) => spec.path.join('.') === path.join('.'))?.[0];
}

function formatIssues(issues: z.core.$ZodIssue[], fromEnv: Set<string>): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    const dotted = path.join('.') || '(root)';
    const env = envSource(path);
    const where = env && fromEnv.has(env) ? `${dotted} (from ${env})` : dotted;
    if (issue.code === 'unrecognized_keys') {
      return `${dotted === '(root)' ? '' : dotted + '.'}${issue.keys.join(', ')}: unknown key; remove it or check its spelling`;
    }
    return `${where}: ${issue.message}`;
  });
}

/** Loads config from `CLOPUS_CONFIG` (or `file`) and the env. Throws CONFIG_INVALID (exit 2) naming every bad key. */
export function loadConfig(env: Env = process.env, file: string | undefined = env.CLOPUS_CONFIG): Config {
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ClopusError('CONFIG_INVALID', `config: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`, { exitCode: 2, cause: err });
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (err) {
      throw new ClopusError('CONFIG_INVALID', `config: ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`, { exitCode: 2, cause: err });
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new ClopusError('CONFIG_INVALID', `config: ${file} must hold a mapping of keys`, { exitCode: 2 });
      }
      raw = parsed as Record<string, unknown>;
    }
  }
  const fromEnv = new Set<string>();
  for (const [name, spec] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    fromEnv.add(name);
    const parsed = spec.list ? (value.trim() === 'all' ? 'all' : value.split(',').map((s) => s.trim()).filter(Boolean)) : value;
    setPath(raw, spec.path, parsed);
  }
  const result = Config.safeParse(raw);
  if (!result.success) {
    const lines = formatIssues(result.error.issues, fromEnv);
    throw new ClopusError('CONFIG_INVALID', ['invalid configuration:', ...lines.map((l) => `  ${l}`)].join('\n'), { exitCode: 2 });
  }
  return result.data;
}
