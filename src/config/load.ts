// Reads the optional YAML file and the env, merges them (env wins) and validates once.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ClopusError } from '../errors.js';
import { Config, ENV_KEYS } from './schema.js';

type Env = Record<string, string | undefined>;

/** CLOPUS_* variables read outside the schema: the file's path, and stack traces on errors. */
const OTHER_ENV = new Set(['CLOPUS_CONFIG', 'CLOPUS_DEBUG']);

/** What an errno code means to someone who typed the path. */
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
};

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

/** The known variable a misspelt one was probably meant to be: one that starts with it, or the one sharing most words. */
function closestEnv(name: string): string | undefined {
  const known = [...Object.keys(ENV_KEYS), ...OTHER_ENV];
  const words = new Set(name.split('_'));
  const shared = (k: string): number => k.split('_').filter((w) => words.has(w)).length;
  const best = known.find((k) => k.startsWith(name)) ?? known.reduce((a, b) => (shared(b) > shared(a) ? b : a));
  return shared(best) > 1 ? best : undefined;
}

/** A CLOPUS_* variable nothing reads is a typo that would otherwise silently leave a default in place. */
function unknownEnv(env: Env): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('CLOPUS_') && env[name] && !(name in ENV_KEYS) && !OTHER_ENV.has(name))
    .map((name) => {
      const guess = closestEnv(name);
      return `${name}: unknown environment variable; remove it or check its spelling${guess ? ` (did you mean ${guess}?)` : ''}`;
    });
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
      const code = (err as NodeJS.ErrnoException).code;
      const problem = code && FILE_PROBLEMS[code] ? `${code} (${FILE_PROBLEMS[code]})` : (code ?? String(err));
      throw new ClopusError(
        'CONFIG_INVALID',
        `config: cannot read ${file}: ${problem}; point CLOPUS_CONFIG at a readable YAML file, or unset it`,
        { exitCode: 2, cause: err },
      );
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (err) {
      throw new ClopusError(
        'CONFIG_INVALID',
        `config: ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]!.replace(/:$/, '')}; fix it there (or point CLOPUS_CONFIG elsewhere)`,
        { exitCode: 2, cause: err },
      );
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new ClopusError(
          'CONFIG_INVALID',
          `config: ${file} must hold a mapping of keys (such as "cluster: prod"), not ${Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`}`,
          { exitCode: 2 },
        );
      }
      raw = parsed as Record<string, unknown>;
    }
  }
  const fromEnv = new Set<string>();
  for (const [name, spec] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    fromEnv.add(name);
    const parsed = spec.list
      ? value.trim() === 'all'
        ? 'all'
        : value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
      : value;
    setPath(raw, spec.path, parsed);
  }
  const result = Config.safeParse(raw);
  const lines = [...unknownEnv(env), ...(result.success ? [] : formatIssues(result.error.issues, fromEnv))];
  if (!result.success || lines.length > 0) {
    const where = file ? `in ${file} or the environment` : 'in the environment';
    throw new ClopusError(
      'CONFIG_INVALID',
      [`invalid configuration; fix each key below ${where}, then run again:`, ...lines.map((l) => `  ${l}`)].join('\n'),
      { exitCode: 2 },
    );
  }
  return result.data;
}
