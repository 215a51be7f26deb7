// Client configuration pointing at the sandbox: a client-node KubeConfig, or a kubeconfig file for kubectl.
import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

export interface Endpoint {
  url: string;
  /** PEM certificate to trust (TLS); plain http needs insecure-skip-tls-verify for client-node. */
  caPem?: Buffer;
  token?: string;
  namespace?: string;
}

export function kubeConfigFor(e: Endpoint): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'sandbox',
        server: e.url,
        skipTLSVerify: !e.caPem,
        ...(e.caPem ? { caData: e.caPem.toString('base64') } : {}),
      },
    ],
    users: [{ name: 'sandbox', ...(e.token ? { token: e.token } : {}) }],
    contexts: [
      { name: 'sandbox', cluster: 'sandbox', user: 'sandbox', ...(e.namespace ? { namespace: e.namespace } : {}) },
    ],
    currentContext: 'sandbox',
  });
  return kc;
}

export function writeKubeconfigFile(file: string, e: Endpoint): void {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'sandbox',
        cluster: {
          server: e.url,
          ...(e.caPem
            ? { 'certificate-authority-data': e.caPem.toString('base64') }
            : { 'insecure-skip-tls-verify': true }),
        },
      },
    ],
    users: [{ name: 'sandbox', user: e.token ? { token: e.token } : {} }],
    contexts: [
      {
        name: 'sandbox',
        context: { cluster: 'sandbox', user: 'sandbox', ...(e.namespace ? { namespace: e.namespace } : {}) },
      },
    ],
    'current-context': 'sandbox',
    preferences: {},
  };
  writeFileSync(file, stringify(doc), { mode: 0o600 });
}
