// Reads of the GitOps objects that say who manages a workload (Argo CD Applications, Flux Kustomizations,
// GitRepositories and HelmReleases), and of one Secret key (the git token). Read only: Clopus never writes them.
import type { z } from 'zod';
import { ClopusError } from '../errors.js';
import { KubeApiError, type KubeHttp } from './http.js';
import { ArgoApplication, FluxGitRepository, FluxHelmRelease, FluxKustomization, SecretData } from './schemas.js';

interface Resource<S extends z.ZodType> {
  /** /apis/<group>/<version> */
  base: string;
  plural: string;
  /** As RBAC names it: plural.group */
  rbac: string;
  /** As a person reads it in a sentence. */
  label: string;
  schema: S;
}

const ARGO_APPLICATION = {
  base: '/apis/argoproj.io/v1alpha1',
  plural: 'applications',
  rbac: 'applications.argoproj.io',
  label: 'Argo CD Application',
  schema: ArgoApplication,
};
const FLUX_KUSTOMIZATION = {
  base: '/apis/kustomize.toolkit.fluxcd.io/v1',
  plural: 'kustomizations',
  rbac: 'kustomizations.kustomize.toolkit.fluxcd.io',
  label: 'Flux Kustomization',
  schema: FluxKustomization,
};
const FLUX_GIT_REPOSITORY = {
  base: '/apis/source.toolkit.fluxcd.io/v1',
  plural: 'gitrepositories',
  rbac: 'gitrepositories.source.toolkit.fluxcd.io',
  label: 'Flux GitRepository',
  schema: FluxGitRepository,
};
const FLUX_HELM_RELEASE = {
  base: '/apis/helm.toolkit.fluxcd.io/v2',
  plural: 'helmreleases',
  rbac: 'helmreleases.helm.toolkit.fluxcd.io',
  label: 'Flux HelmRelease',
  schema: FluxHelmRelease,
};

/** kubeError's generic hint, replaced here by the exact grant and the overlay that makes it. */
const GENERIC_HINT = '. Grant the permission in the Role, or narrow the namespaces watched.';

/** A 403 rewritten to name the exact rule to grant and where the repository ships it. */
function forbidden(err: KubeApiError, rule: string, remedy: string): KubeApiError {
  const base = err.message.endsWith(GENERIC_HINT) ? err.message.slice(0, -GENERIC_HINT.length) : err.message;
  const out = new KubeApiError('KUBE_FORBIDDEN', `${base.replace(/\.$/, '')}. ${rule}: ${remedy}.`, err.status);
  out.cause = err;
  return out;
}

async function getObject<S extends z.ZodType>(
  http: KubeHttp,
  r: Resource<S>,
  namespace: string,
  name: string,
): Promise<z.output<S>> {
  const path = `${r.base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}/${encodeURIComponent(name)}`;
  try {
    return await http.request({ path }, r.schema, `get ${r.label} ${namespace}/${name}`);
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 403)
      throw forbidden(
        err,
        `Grant get on ${r.rbac} in the namespace ${namespace} to Clopus's service account`,
        'k8s/overlays/gitops grants it (kubectl apply -k k8s/overlays/gitops)',
      );
    throw err;
  }
}

export const getArgoApplication = (http: KubeHttp, namespace: string, name: string): Promise<ArgoApplication> =>
  getObject(http, ARGO_APPLICATION, namespace, name);

export const getFluxKustomization = (http: KubeHttp, namespace: string, name: string): Promise<FluxKustomization> =>
  getObject(http, FLUX_KUSTOMIZATION, namespace, name);

export const getFluxGitRepository = (http: KubeHttp, namespace: string, name: string): Promise<FluxGitRepository> =>
  getObject(http, FLUX_GIT_REPOSITORY, namespace, name);

export const getFluxHelmRelease = (http: KubeHttp, namespace: string, name: string): Promise<FluxHelmRelease> =>
  getObject(http, FLUX_HELM_RELEASE, namespace, name);

/**
 * One key of a Secret, base64-decoded. The value is a credential: it never appears in an error, and nothing here
 * logs. A missing Secret or key is KUBE_NOT_FOUND.
 */
export async function readSecretKey(http: KubeHttp, namespace: string, name: string, key: string): Promise<string> {
  const what = `read key "${key}" of Secret ${namespace}/${name}`;
  let secret: SecretData;
  try {
    secret = await http.request(
      { path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}` },
      SecretData,
      what,
    );
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 403)
      throw forbidden(
        err,
        `Grant get on the Secret ${name} (resourceNames) in the namespace ${namespace} to Clopus's service account`,
        'k8s/overlays/gitops grants it for clopus-git-token in the bot namespace',
      );
    throw err;
  }
  const encoded = secret.data?.[key];
  if (encoded === undefined)
    throw new ClopusError(
      'KUBE_NOT_FOUND',
      `${what}: the Secret has no key "${key}". Add it (kubectl -n ${namespace} create secret generic ${name} --from-literal=${key}=…) or name the right key in the config.`,
    );
  return Buffer.from(encoded, 'base64').toString('utf8');
}
