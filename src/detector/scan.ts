// One scan, no store: list the watched namespaces, classify, resolve owners. Used by `clopus scan`.

import type { Config } from '../config/index.js';
import { namespaceMatcher } from '../config/index.js';
import { type Pod, parsePod } from '../core/index.js';
import { ClopusError, isClopusError } from '../errors.js';
import type { KubeClient } from '../kube/index.js';
import { classifyPod } from './classify.js';
import { type ResolvedFinding, resolveFinding } from './resolve.js';

export interface ScanResult {
  pods: number;
  findings: ResolvedFinding[];
  /** Namespaces that could not be read (403), reported rather than fatal. */
  forbidden: string[];
}

async function listScope(kube: KubeClient, namespace: string | null): Promise<unknown[]> {
  return (await kube.listPods(namespace)).items;
}

/** Scans `namespaces` (or what the config watches) once. A 403 cluster-wide falls back to the named namespaces. */
export async function scanOnce(
  kube: KubeClient,
  config: Config,
  namespaces: string[] = [],
  now = Date.now(),
): Promise<ScanResult> {
  const matcher =
    namespaces.length > 0
      ? namespaceMatcher({ include: namespaces, exclude: [] })
      : namespaceMatcher(config.namespaces);
  const raw: unknown[] = [];
  const forbidden: string[] = [];
  const scopes = matcher.exact ?? [null];
  for (const ns of scopes) {
    try {
      raw.push(...(await listScope(kube, ns)));
    } catch (err) {
      if (!(isClopusError(err) && err.code === 'KUBE_FORBIDDEN')) throw err;
      if (ns === null) {
        throw new ClopusError(
          'KUBE_FORBIDDEN',
          `${err.message}\nName the namespaces to scan instead: clopus scan --namespace NS`,
          { cause: err },
        );
      }
      forbidden.push(ns);
    }
  }
  const findings: ResolvedFinding[] = [];
  let pods = 0;
  for (const item of raw) {
    let pod: Pod;
    try {
      pod = parsePod(item);
    } catch {
      continue;
    }
    if (!matcher(pod.metadata.namespace)) continue;
    pods++;
    for (const f of classifyPod(pod, now, config.detector))
      findings.push(await resolveFinding(f, pod, config.cluster, kube));
  }
  return { pods, findings, forbidden };
}
