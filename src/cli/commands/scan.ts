// `clopus scan [--namespace NS]…`: one scan against the current kubeconfig, printed; nothing is stored or posted.
import { loadConfig } from '../../config/index.js';
import { ClopusError, isClopusError } from '../../errors.js';
import { KubeClient, loadKubeConfig } from '../../kube/index.js';
import { scanOnce } from '../../detector/index.js';
import { parse, outputOf } from '../args.js';
import { SPECS } from '../specs.js';
import { findingJson, findingsTable } from '../format.js';
import { write, type CliIo } from '../io.js';

export async function scan(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(SPECS.scan, argv);
  const output = outputOf(values.output, 'scan');
  const config = loadConfig(io.env);
  const kube = new KubeClient(loadKubeConfig(values.kubeconfig ?? io.env.KUBECONFIG));
  const result = await scanOnce(kube, config, values.namespace ?? []).catch((err: unknown) => {
    if (!isClopusError(err) || err.code !== 'KUBE_UNREACHABLE') throw err;
    throw new ClopusError('KUBE_UNREACHABLE', `${err.message}\nCheck that the cluster is up and that the kubeconfig (--kubeconfig, KUBECONFIG or ~/.kube/config) points at it.`, { cause: err });
  });
  if (output === 'json') write(io.stdout, JSON.stringify(result.findings.map(findingJson), null, 2));
  else write(io.stdout, `${findingsTable(result.findings)}\n\n${result.pods} pods scanned, ${result.findings.length} findings`);
  for (const ns of result.forbidden) write(io.stderr, `warning: not allowed to list pods in namespace ${ns} (403); skipped`);
  return 0;
}
