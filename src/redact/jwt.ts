// JWTs whose header does not start `eyJ`: a header serialised with spaces or newlines (`{ "alg"` is `eyAi…`,
// `{\n` is `ewo…`). Shape alone would catch every `a.b.c`, so the header is decoded and must be a JOSE header.
import { REDACTED } from './mask.js';

/** Three base64url segments, the first two starting like a base64url JSON object (`{` then `"` or whitespace). */
const JWT_LIKE = /(?<![A-Za-z0-9_-])e[wy][A-Za-z0-9_-]{6,8192}\.e[wy][A-Za-z0-9_-]{2,65536}\.[A-Za-z0-9_-]{0,65536}/g;

function isJoseHeader(segment: string): boolean {
  const json = Buffer.from(segment, 'base64url').toString('utf8').trim();
  if (!json.startsWith('{') || !json.endsWith('}')) return false;
  try {
    const header: unknown = JSON.parse(json);
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

export const redactJwtLike = (text: string): string =>
  text.replace(JWT_LIKE, (match) => (isJoseHeader(match.slice(0, match.indexOf('.'))) ? REDACTED : match));
