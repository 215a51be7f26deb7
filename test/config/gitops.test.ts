// The gitops keys: repositories from the file only (each with an https URL and a token Secret), the rest also from
// the environment; a bad key is refused naming it, as every config key is.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function yamlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'clopus-config-'));
  dirs.push(dir);
  const file = join(dir, 'clopus.yaml');
  writeFileSync(file, text);
  return file;
}

describe('gitops config', () => {
  it('defaults to no repositories, a 30 s poll, a 30 min sync timeout and Applications in argocd', () => {
    expect(loadConfig({}).gitops).toEqual({
      repositories: [],
      pollSeconds: 30,
      syncTimeoutMinutes: 30,
      argoNamespaces: ['argocd'],
    });
  });

  it('reads repositories from the file, with the token Secret key defaulting to token', () => {
    const file = yamlFile(
      'gitops:\n  repositories:\n    - url: https://github.com/shop/manifests\n      tokenSecret: { name: git-token }\n',
    );
    expect(loadConfig({ CLOPUS_CONFIG: file }).gitops.repositories).toEqual([
      { url: 'https://github.com/shop/manifests', tokenSecret: { name: 'git-token', key: 'token' }, forge: 'github' },
    ]);
  });

  it('takes the Argo CD namespaces and the poll interval from the environment', () => {
    const config = loadConfig({
      CLOPUS_GITOPS_ARGO_NAMESPACES: 'argocd, gitops-system',
      CLOPUS_GITOPS_POLL_SECONDS: '5',
    });
    expect(config.gitops.argoNamespaces).toEqual(['argocd', 'gitops-system']);
    expect(config.gitops.pollSeconds).toBe(5);
  });

  it('refuses an ssh repository URL and an unknown key, naming them', () => {
    const ssh = yamlFile(
      'gitops:\n  repositories:\n    - url: ssh://git@github.com/shop/manifests\n      tokenSecret: { name: t }\n',
    );
    expect(() => loadConfig({ CLOPUS_CONFIG: ssh })).toThrow(/gitops\.repositories\.0\.url.*ssh is not supported/s);
    const typo = yamlFile('gitops:\n  pollSecond: 5\n');
    expect(() => loadConfig({ CLOPUS_CONFIG: typo })).toThrow(/pollSecond/);
  });
});
