// The environment each git run gets. The token reaches git only here — as an http.<origin>.extraHeader set
// through GIT_CONFIG_* variables — never in argv, .git/config or a file; the header is scoped to the repo's
// origin so a redirect elsewhere does not carry it. Nothing of the bot's own environment leaks in but PATH,
// proxies and CA settings: no user or system config, no credential helpers, no prompts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** HTTPS credentials: a token sent as Basic auth with user `x-access-token` (GitHub, Gitea, GitLab accept it). */
export interface GitAuth {
  token: string;
}

/** What is actually sent: user and secret (from a GitAuth, or moved out of a URL's userinfo). */
export interface Credentials {
  user: string;
  secret: string;
}

const PASSED = [
  'PATH',
  'TMPDIR',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
];

export const basicValue = (c: Credentials): string => Buffer.from(`${c.user}:${c.secret}`).toString('base64');

export interface EnvInput {
  home: string;
  /** The repository's origin (`https://host:port`), which the auth header is scoped to. */
  origin?: string;
  creds?: Credentials;
  extra?: Record<string, string>;
}

export function gitEnv(input: EnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  Object.assign(env, {
    HOME: input.home,
    XDG_CONFIG_HOME: input.home,
    LC_ALL: 'C',
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'false',
    SSH_ASKPASS: 'false',
    // Only the smart-HTTP transports: no ext::, file:// or ssh from a URL someone else wrote.
    GIT_ALLOW_PROTOCOL: 'https:http',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_OPTIONAL_LOCKS: '0',
  });
  if (input.creds && input.origin) {
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = `http.${input.origin}/.extraHeader`;
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basicValue(input.creds)}`;
  }
  return { ...env, ...input.extra };
}

/** Runs `fn` with an empty home directory of its own, removed afterwards. */
export async function withScratchHome<T>(fn: (home: string) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'clopus-git-home-'));
  try {
    return await fn(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
