// `clopus triage [FILE|-]`: classify pods from `kubectl get pods -A -o json` output, with no cluster access.
import { readFile } from 'node:fs/promises';
import { text as readStream } from 'node:stream/consumers';
import { ClopusError } from '../../errors.js';
import { loadConfig } from '../../config/index.js';
import { classifyPod, parsePodList } from '../../detector/index.js';
import { resolveFinding, type ResolvedFinding } from '../../detector/resolve.js';
import { parse, outputOf } from '../args.js';
import { SPECS } from '../specs.js';
import { findingJson, findingsTable } from '../format.js';
import { write, type CliIo } from '../io.js';

export async function triage(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.triage, argv);
  const output = outputOf(values.output, 'triage');
  if (positionals.length > 1) throw new ClopusError('INPUT_INVALID', `clopus triage takes one file, got ${positionals.length}\nusage: ${SPECS.triage.usage}`, { exitCode: 2 });
  const source = positionals[0] ?? '-';
  let text: string;
  try {
    text = source === '-' ? await readStream(io.stdin) : await readFile(source, 'utf8');
  } catch (err) {
    throw new ClopusError('INPUT_INVALID', `clopus triage: cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { exitCode: 2 });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ClopusError(
      'INPUT_INVALID',
      `clopus triage: ${source === '-' ? 'standard input' : source} is not JSON (${(err as Error).message}). Produce it with: kubectl get pods -A -o json`,
      { exitCode: 2 },
    );
  }
  const config = loadConfig(io.env);
  let pods;
  try {
    pods = parsePodList(json);
  } catch (err) {
    throw new ClopusError('INPUT_INVALID', `clopus triage: ${(err as Error).message}. Produce the input with: kubectl get pods -A -o json`, { exitCode: 2 });
  }
  const now = Date.now();
  const findings: ResolvedFinding[] = [];
  for (const pod of pods) for (const f of classifyPod(pod, now, config.detector)) findings.push(await resolveFinding(f, pod, config.cluster, null));
  if (output === 'json') write(io.stdout, JSON.stringify(findings.map(findingJson), null, 2));
  else write(io.stdout, `${findingsTable(findings)}\n\n${pods.length} pods, ${findings.length} findings`);
  return 0;
}
