// Token auth as forges do it for smart HTTP: Basic with any user name and the token as password, or Bearer.
import { timingSafeEqual } from 'node:crypto';

export const REALM = 'clopus-fake-git';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The user name a valid Authorization header names (`bearer` for a Bearer token), or null. */
export function authorizedUser(header: string | undefined, token: string): string | null {
  if (!header) return null;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') return same(value, token) ? 'bearer' : null;
  if (scheme.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  return same(decoded.slice(colon + 1), token) ? decoded.slice(0, colon) || 'token' : null;
}
