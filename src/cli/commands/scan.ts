// `clopus scan [-n NS]… [-A]`: one scan against the current kubeconfig, printed; nothing is stored or posted.
import { type Config, loadConfig } from '../../config/index.js';
import { ClopusError, isClopusError } from '../../errors.js';
import type { KubeClient } from '../../kube/index.js';
import { outputOf, parse, TABULAR } from '../args.js';
import { connect } from '../cluster.js';
import { data, findingJson, findingsTable } from '../format.js';
import { type CliIo, cellWidth, write } from '../io.js';
import { SPECS } from '../specs.js';

const GLOB = /[*?[\]{}!,]/;

/**
 * A namespace named on the command line that does not exist is a typo, not a clean bill of health: the API server
 * lists no pods for it either way, so ask for the namespace itself. A 403 (a Role may not read namespaces) says
 * nothing, and the scan goes on.
 */
async function checkNamespaces(kube: KubeClient, names: readonly string[]): Promise<void> {
  for (const ns of names.filter((n) => !GLOB.test(n))) {
    try {
      await kube.getNamespace(ns);
    } catch (err) {
      if (isClopusError(err) && err.code === 'KUBE_NOT_FOUND') {
        throw new ClopusError(
          'NOT_FOUND',
          `namespace "${ns}" does not exist in the cluster at ${kube.server}; list them with: kubectl get namespaces`,
          { exitCode: 2 },
        );
      }
      if (!isClopusError(err) || err.code !== 'KUBE_FORBIDDEN') throw err;
    }
  }
}

function scope(config: Config, namespaces: readonly string[], all: boolean): Config {
  if (all && namespaces.length > 0) {
    throw new ClopusError(
      'INPUT_INVALID',
      `--all-namespaces and --namespace together: choose one\nusage: ${SPECS.scan.usage}`,
      { exitCode: 2 },
    );
  }
  // -A: every namespace, whatever the configuration includes or excludes (the reserved ones only when named).
  return all ? { ...config, namespaces: { include: 'all', exclude: [] } } : config;
}

export async function scan(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(SPECS.scan, argv);
  const output = outputOf(values.output, 'scan', TABULAR);
  const namespaces = values.namespace ?? [];
  const config = scope(loadConfig(io.env), namespaces, values['all-namespaces'] === true);
  const kube = await connect(io, values.kubeconfig);
  const { scanOnce } = await import('../../detector/index.js');
  const result = await (async () => {
    await checkNamespaces(kube, namespaces);
    return scanOnce(kube, config, namespaces);
  })().catch((err: unknown) => {
    if (!isClopusError(err) || err.code !== 'KUBE_UNREACHABLE') throw err;
    throw new ClopusError(
      'KUBE_UNREACHABLE',
      `${err.message}\nCheck that the cluster is up and that the kubeconfig (--kubeconfig, KUBECONFIG or ~/.kube/config) points at it.`,
      { cause: err },
    );
  });
  const { findings } = result;
  const headers = values['no-headers'] !== true;
  if (output === 'json' || output === 'yaml') write(io.stdout, data(findings.map(findingJson), output));
  else {
    const rows =
      findings.length > 0 ? findingsTable(findings, { wide: output === 'wide', headers, maxWidth: cellWidth(io) }) : '';
    const summary = `${result.pods} pods scanned, ${findings.length} findings${findings.length === 0 ? ': no degraded pods' : ''}`;
    if (headers) write(io.stdout, rows ? `${rows}\n\n${summary}` : summary);
    else if (rows) write(io.stdout, rows);
  }
  for (const ns of result.forbidden)
    write(io.stderr, `clopus: warning: not allowed to list pods in namespace ${ns} (403); skipped`);
  return values['fail-on-findings'] && findings.length > 0 ? 3 : 0;
}
