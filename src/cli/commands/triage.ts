// `clopus triage [FILE|-]`: classify pods from `kubectl get pods -A -o json` (or `-o yaml`) output, with no cluster
// access. The input is untrusted bytes: no part of it reaches the terminal unsanitized, errors included.
import { readFile } from 'node:fs/promises';
import { text as readStream } from 'node:stream/consumers';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../config/index.js';
import { type Pod, parsePodList } from '../../core/index.js';
import { classifyPod, type ResolvedFinding, resolveFinding } from '../../detector/index.js';
import { ClopusError } from '../../errors.js';
import { outputOf, parse, TABULAR } from '../args.js';
import { data, findingJson, findingsTable } from '../format.js';
import { type CliIo, cellWidth, isTerminal, write } from '../io.js';
import { SPECS } from '../specs.js';

const PRODUCE = 'Produce it with: kubectl get pods -A -o json (or -o yaml)';

const bad = (message: string): ClopusError => new ClopusError('INPUT_INVALID', message, { exitCode: 2 });

/** Line and column of a character offset, for a parse error that must not quote the input itself. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** JSON (what -o json prints), else YAML (-o yaml); never quotes the input back in an error. */
export function parsePods(text: string, source: string): unknown {
  const start = text.trimStart();
  if (start === '') throw bad(`${source} is empty. ${PRODUCE}`);
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      // V8's message may quote the input: only where it went wrong is said.
      const message = (err as Error).message;
      const at = /position (\d+)/.exec(message);
      const where = at
        ? ` (${lineColumn(text, Number(at[1]))})`
        : /end of JSON input/.test(message)
          ? ' (it ends early)'
          : '';
      throw bad(`${source} is not JSON${where}. ${PRODUCE}`);
    }
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const pos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw bad(`${source} is not JSON or YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}. ${PRODUCE}`);
  }
  if (typeof doc !== 'object' || doc === null)
    throw bad(
      `${source} is not JSON or YAML holding pods (it reads as a ${doc === null ? 'null' : typeof doc}). ${PRODUCE}`,
    );
  return doc;
}

async function readInput(source: string, io: CliIo): Promise<string> {
  if (source === '-' && isTerminal(io.stdin)) {
    // Nothing was piped in: say what we wait for, or the terminal just seems to hang.
    write(
      io.stderr,
      'clopus: reading pods from stdin; pipe kubectl get pods -A -o json into clopus triage (Ctrl-D ends the input)',
    );
  }
  try {
    return source === '-' ? await readStream(io.stdin) : await readFile(source, 'utf8');
  } catch (err) {
    throw bad(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function triage(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.triage, argv);
  const output = outputOf(values.output, 'triage', TABULAR);
  if (positionals.length > 1)
    throw bad(`clopus triage takes one file, got ${positionals.length}\nusage: ${SPECS.triage.usage}`);
  const source = positionals[0] ?? '-';
  const name = source === '-' ? 'standard input' : source;
  const doc = parsePods(await readInput(source, io), name);
  const config = loadConfig(io.env);
  let pods: Pod[];
  try {
    pods = parsePodList(doc);
  } catch (err) {
    throw bad(`${(err as Error).message}. ${PRODUCE}`);
  }
  const now = Date.now();
  const findings: ResolvedFinding[] = [];
  for (const pod of pods)
    for (const f of classifyPod(pod, now, config.detector))
      findings.push(await resolveFinding(f, pod, config.cluster, null));
  const headers = values['no-headers'] !== true;
  if (output === 'json' || output === 'yaml') write(io.stdout, data(findings.map(findingJson), output));
  else {
    const rows =
      findings.length > 0 ? findingsTable(findings, { wide: output === 'wide', headers, maxWidth: cellWidth(io) }) : '';
    const summary = `${pods.length} pods, ${findings.length} findings${findings.length === 0 ? ': no degraded pods' : ''}`;
    if (headers) write(io.stdout, rows ? `${rows}\n\n${summary}` : summary);
    else if (rows) write(io.stdout, rows);
  }
  return values['fail-on-findings'] && findings.length > 0 ? 3 : 0;
}
