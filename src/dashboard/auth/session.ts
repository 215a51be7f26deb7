// Tokens and session cookies. The cookie never holds the token: it holds an expiry and an HMAC of it keyed by the
// token, so a leaked cookie expires and reveals nothing, and changing the token signs everyone out. Every
// comparison is constant-time over fixed-length digests.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'clopus_session';
export const SESSION_SECONDS = 12 * 3600;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether `given` is the token, in time that does not depend on where they differ (or their lengths). */
export function tokenMatches(token: string, given: string): boolean {
  return timingSafeEqual(sha256(token), sha256(given));
}

function signature(token: string, expires: number): Buffer {
  return createHmac('sha256', token).update(`clopus-dashboard-session:${expires}`).digest();
}

export function sessionValue(token: string, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_SECONDS;
  return `${expires}.${signature(token, expires).toString('base64url')}`;
}

export function sessionValid(token: string, value: string | undefined, now: Date): boolean {
  const match = /^(\d{1,12})\.([\w-]{43})$/.exec(value ?? '');
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires <= now.getTime() / 1000) return false;
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = signature(token, expires);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The token from an `Authorization: Bearer …` header, if there is one. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
