// The environment every git the fake runs gets: no system or user config, a home of its own, a fixed identity,
// and no prompts, so the fake behaves the same on any machine and never reads the developer's settings.
import { existsSync } from 'node:fs';

export const FAKE_IDENTITY = { name: 'Fake Forge', email: 'forge@git.localhost' };

/** The git-http-backend binary, as Debian installs it, or `git http-backend` through the git wrapper. */
export const BACKEND: string[] = existsSync('/usr/lib/git-core/git-http-backend')
  ? ['/usr/lib/git-core/git-http-backend']
  : ['git', 'http-backend'];

/** The base environment for every git process of the fake; nothing is inherited but PATH. */
export function fakeGitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: home,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'false',
    GIT_AUTHOR_NAME: FAKE_IDENTITY.name,
    GIT_AUTHOR_EMAIL: FAKE_IDENTITY.email,
    GIT_COMMITTER_NAME: FAKE_IDENTITY.name,
    GIT_COMMITTER_EMAIL: FAKE_IDENTITY.email,
  };
}

/** Server-side settings for http-backend: pushes allowed (auth is checked in front), fetches by reachable sha. */
export function backendConfig(): Record<string, string> {
  const entries: Array<[string, string]> = [
    ['http.receivepack', 'true'],
    ['uploadpack.allowReachableSHA1InWant', 'true'],
  ];
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}
