// Tokens and session cookies. The cookie never holds the token: it holds an expiry and an HMAC of it keyed by the
// token and bound to the current session epoch, so a leaked cookie expires and reveals nothing, changing the token
// signs everyone out, and so does a logout. Every comparison is constant-time over fixed-length digests.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'clopus_session';
export const SESSION_SECONDS = 12 * 3600;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether `given` is the token, in time that does not depend on where they differ (or their lengths). */
export function tokenMatches(token: string, given: string): boolean {
  return timingSafeEqual(sha256(token), sha256(given));
}

/**
 * The sessions of one dashboard process. The epoch is random, not a counter: a counter would start again at 0 after
 * a restart and bring back cookies a logout had revoked; a fresh random epoch instead signs everyone out on restart
 * (one replica, 12-hour sessions: signing in again is cheap). There is one token and so one identity: a logout ends
 * every session issued before it, in every browser, including copies of the cookie kept elsewhere.
 */
export class Sessions {
  #epoch = randomBytes(32);

  constructor(
    private readonly token: string,
    private readonly now: () => Date,
  ) {}

  /** Whether `given` (a bearer header, a submitted form) is the token. */
  matches(given: string): boolean {
    return tokenMatches(this.token, given);
  }

  #signature(expires: number): Buffer {
    return createHmac('sha256', this.token)
      .update(`clopus-dashboard-session:${this.#epoch.toString('hex')}:${expires}`)
      .digest();
  }

  /** A new cookie value, valid for SESSION_SECONDS or until the next `revokeAll()`. */
  issue(): string {
    const expires = Math.floor(this.now().getTime() / 1000) + SESSION_SECONDS;
    return `${expires}.${this.#signature(expires).toString('base64url')}`;
  }

  valid(value: string | undefined): boolean {
    const match = /^(\d{1,12})\.([\w-]{43})$/.exec(value ?? '');
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires <= this.now().getTime() / 1000) return false;
    const given = Buffer.from(match[2]!, 'base64url');
    const expected = this.#signature(expires);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Starts a new epoch: every cookie issued so far stops working. */
  revokeAll(): void {
    this.#epoch = randomBytes(32);
  }
}

/** The token from an `Authorization: Bearer …` header, if there is one. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
