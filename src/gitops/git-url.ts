// Repository URLs as the bot accepts them: http(s) only, with any userinfo taken out of the URL git sees (and
// of every message) and turned into credentials when no token is given.
import { ClopusError } from '../errors.js';
import type { Credentials, GitAuth } from './git-env.js';

export interface RemoteUrl {
  /** The URL without credentials: what git gets in argv and what messages show. */
  url: string;
  origin: string;
  creds?: Credentials;
}

/** A URL's userinfo replaced by nothing, for messages (also works on text that is not a URL). */
export const stripCredentials = (text: string): string => text.replace(/(\bhttps?:\/\/)[^/@\s]*@/gi, '$1');

export function remoteUrl(raw: string, auth: GitAuth | undefined): RemoteUrl {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ClopusError(
      'GIT_FAILED',
      `The repository URL ${stripCredentials(raw)} is not a valid URL; give an https:// URL.`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ClopusError(
      'GIT_FAILED',
      `The repository URL ${stripCredentials(raw)} uses ${parsed.protocol}; only https:// (or http://) repositories are supported.`,
    );
  const fromUrl =
    parsed.password !== ''
      ? { user: decodeURIComponent(parsed.username) || 'x-access-token', secret: decodeURIComponent(parsed.password) }
      : undefined;
  parsed.username = '';
  parsed.password = '';
  const creds = auth?.token ? { user: 'x-access-token', secret: auth.token } : fromUrl;
  return { url: parsed.toString(), origin: parsed.origin, ...(creds ? { creds } : {}) };
}
