// Argument parsing for every command, with usage errors a person can act on and a --help drawn from the same table
// the parser reads, so what the help lists is exactly what a command accepts.
import { parseArgs } from 'node:util';
import { ClopusError } from '../errors.js';

/** How a command prints: a table (the default), a wider table, or data for scripts. */
export type Output = 'table' | 'wide' | 'yaml' | 'json';

export const TABULAR: readonly Output[] = ['table', 'wide', 'yaml', 'json'];
export const TABLE_OR_JSON: readonly Output[] = ['table', 'json'];

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** What the value is called in the help, e.g. FILE. */
  value?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** The one-line synopsis that usage errors and the help show. */
  usage: string;
  summary: string;
  args?: ReadonlyArray<readonly [name: string, help: string]>;
  options: Readonly<Record<string, OptionSpec>>;
  /** Paragraphs after the options. */
  notes?: readonly string[];
}

/** What parseArgs yields for these options: a string option's value is a string, a boolean's a boolean. */
type Parsed<O extends CommandSpec['options']> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

export function parse<S extends CommandSpec>(spec: S, argv: string[]): Parsed<S['options']> {
  // Only what parseArgs knows: the help words stay here.
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec.options))
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed<S['options']>;
  } catch (err) {
    throw new ClopusError(
      'INPUT_INVALID',
      `${(err as Error).message}\nusage: ${spec.usage}\nclopus ${spec.name} --help lists every option`,
      { exitCode: 2 },
    );
  }
}

/** `--help` or `-h` anywhere before a `--` (after it, words are positionals). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

const column = (rows: ReadonlyArray<readonly [string, string]>, width: number): string[] =>
  rows.map(([left, right]) =>
    left.length > width ? `  ${left}\n  ${' '.repeat(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`,
  );

/** What `clopus COMMAND --help` prints. */
export function helpText(spec: CommandSpec): string {
  const options: Array<[string, string]> = Object.entries(spec.options).map(([name, o]) => [
    `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`,
    o.help,
  ]);
  options.push(['-h, --help', 'show this help']);
  const args = spec.args ?? [];
  const width = Math.min(28, Math.max(...[...args, ...options].map(([left]) => left.length)));
  const parts = [`clopus ${spec.name} — ${spec.summary}`, '', `Usage: ${spec.usage}`];
  if (args.length > 0) parts.push('', 'Arguments:', ...column(args, width));
  parts.push('', 'Options:', ...column(options, width));
  for (const note of spec.notes ?? []) parts.push('', note);
  return parts.join('\n');
}

const spoken = (formats: readonly string[]): string => `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}`;

/** The --output a command was given, among the formats it prints. */
export function outputOf(value: unknown, command: string, formats: readonly Output[] = TABLE_OR_JSON): Output {
  if (value === undefined) return 'table';
  if (formats.includes(value as Output)) return value as Output;
  throw new ClopusError(
    'INPUT_INVALID',
    `--output must be ${spoken(formats)}, not "${String(value)}"\nusage: clopus ${command} --output ${formats.join('|')}`,
    { exitCode: 2 },
  );
}
