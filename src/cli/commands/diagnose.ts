// `clopus diagnose --input FILE`: one diagnosis from an input file, as a diagnosis Job runs it. Progress goes to
// stderr as log lines; stdout gets exactly one JSON line, the result, which the bot parses with the same schema.
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { loadConfig } from '../../config/index.js';
import { ClopusError, describeError } from '../../errors.js';
import { KubeClient, loadKubeConfig } from '../../kube/index.js';
import type { ClaudePlannerResult } from '../../planner/index.js';
import { type ModelAccess, modelAccess } from '../../planner/index.js';
import { DiagnosisInput, DiagnosisResult, failed, resultLine, runDiagnosis } from '../../runner/index.js';
import { parse } from '../args.js';
import { type CliIo, write } from '../io.js';
import { SPECS } from '../specs.js';

/** Exit codes: 0 the run concluded (whatever its outcome), 2 the input is bad, 1 the run could not start. */
export async function diagnose(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(SPECS.diagnose, argv);
  if (!values.input || positionals.length > 0) {
    throw new ClopusError(
      'INPUT_INVALID',
      `${values.input ? `unexpected argument "${positionals[0]}"` : '--input FILE is required'}\nusage: ${SPECS.diagnose.usage}`,
      { exitCode: 2 },
    );
  }
  const file = values.input;
  const started = Date.now();
  // JSON log lines: in a pod they share the log with the result line, which carries a marker to be told apart.
  const logger = pino({ level: io.env.CLOPUS_LOG_LEVEL ?? 'info', base: { command: 'diagnose' } }, io.stderr);
  const print = (result: ClaudePlannerResult): void =>
    write(io.stdout, JSON.stringify(DiagnosisResult.parse(resultLine(result))));
  const stop = (reason: string, code: number): number => {
    logger.error({ reason }, 'diagnosis did not run');
    print(failed(reason, Date.now() - started));
    return code;
  };

  let input: DiagnosisInput;
  try {
    const parsed = DiagnosisInput.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success)
      return stop(
        `the diagnosis input ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        2,
      );
    input = parsed.data;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return stop(`cannot read the diagnosis input ${file}: ${code ?? describeError(err)}`, 2);
  }

  let kube: KubeClient;
  let access: ModelAccess | undefined;
  try {
    access = modelAccess(loadConfig(io.env).fixer, io.env);
    if (!access) {
      return stop(
        'no model credentials in the environment: the Secret the diagnosis Job reads must hold ANTHROPIC_API_KEY, or Bedrock or Vertex variables',
        1,
      );
    }
    // In a Job: the diagnoser's service account (in-cluster config), unless a kubeconfig is given.
    kube = new KubeClient(await loadKubeConfig(values.kubeconfig ?? io.env.KUBECONFIG));
  } catch (err) {
    return stop(describeError(err), 1);
  }

  const { incident } = input;
  logger.info(
    {
      incidentId: incident.id,
      namespace: incident.namespace,
      workload: `${incident.workloadKind}/${incident.workloadName}`,
      evidence: input.evidence.length,
    },
    'diagnosis started',
  );
  // The diagnoser's account is never granted pods/exec (k8s/diagnoser): the model is offered no container tools.
  const result = await runDiagnosis(input, {
    kube,
    credentials: access.credentials,
    logger,
    containerTools: false,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  logger.info({ incidentId: incident.id, outcome: result.outcome, ...result.usage }, 'diagnosis finished');
  print(result);
  return 0;
}
