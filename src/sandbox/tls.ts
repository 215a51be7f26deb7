// A throwaway self-signed certificate for the TLS sandbox, made by openssl in a temporary directory.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  /** Removes the temporary directory. */
  dispose(): Promise<void>;
}

/** Creates a P-256 key and a certificate valid for `host` (and localhost/127.0.0.1), asynchronously. */
export async function createSelfSigned(host: string): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'clopus-sandbox-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const names = new Set(['IP:127.0.0.1', 'DNS:localhost', `${isIP(host) ? 'IP' : 'DNS'}:${host}`]);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    '/CN=clopus-sandbox',
    '-addext',
    `subjectAltName=${[...names].join(',')}`,
  ]);
  const [key, cert] = await Promise.all([readFile(keyFile), readFile(certFile)]);
  return { key, cert, dispose: () => rm(dir, { recursive: true, force: true }) };
}
