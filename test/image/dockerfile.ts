// Reads the Dockerfile into stages of instructions, and .dockerignore into a matcher, as Docker would.
import { posix } from 'node:path';
import picomatch from 'picomatch';

export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  /** The FROM image with build args substituted. */
  image: string;
  name: string | undefined;
  workdir: string;
  instructions: Instruction[];
}

export interface Copy {
  from: string | undefined;
  sources: string[];
  /** Absolute, resolved against the stage's WORKDIR. */
  dest: string;
}

/** Joins continuation lines, drops comments, substitutes global ARG defaults into FROM, and splits stages. */
export function parseDockerfile(text: string): { stages: Stage[]; args: Map<string, string> } {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = op.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = rest.split('=');
      args.set(name.trim(), value.trim());
      continue;
    }
    if (upper === 'FROM') {
      const [image = '', as, name] = rest
        .replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args.get(a ?? b) ?? '')
        .split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, workdir: '/', instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${op} before FROM`);
    if (upper === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, rest);
    stage.instructions.push({ op: upper, args: rest });
  }
  return { stages, args };
}

/** The COPY instructions of a stage, with --from and the destination resolved. */
export function copies(stage: Stage): Copy[] {
  let workdir = '/';
  const out: Copy[] = [];
  for (const i of stage.instructions) {
    if (i.op === 'WORKDIR') workdir = posix.resolve(workdir, i.args);
    if (i.op !== 'COPY') continue;
    const words = i.args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    const dest = paths.pop() ?? '';
    out.push({ from, sources: paths, dest: posix.resolve(workdir, dest) });
  }
  return out;
}

/** Whether Docker leaves `path` (relative to the context) out of the build context, given .dockerignore's text. */
export function dockerIgnored(ignoreText: string): (path: string) => boolean {
  const rules = ignoreText
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''));
      return { negate, match: picomatch(pattern, { dot: true }) };
    });
  return (path) => {
    const parts = posix.normalize(path).split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (prefixes.some((p) => rule.match(p))) ignored = !rule.negate;
    return ignored;
  };
}
