// Deciding in code, not in a regex, whether a key such as DB_PASSWORD, clientSecret or --api-key names a secret.

const SECRET_WORDS = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'clientsecret',
  'connectionstring',
  'dsn',
  'sessionid',
  'sessid',
  'passphrase',
  'dockerconfigjson',
  'dockercfg',
];
// Too short to match as endings ("bypass", "compass"): whole segments only, as in SMTP_PASS.
const SECRET_SEGMENTS = new Set(['pass', 'pw']);
// Words split over two segments: API_KEY, access-key, connection.string, AccountKey (Azure), client-key-data (kubeconfig).
const SECRET_PAIRS = new Set([
  'api_key',
  'access_key',
  'private_key',
  'connection_string',
  'conn_str',
  'account_key',
  'client_key',
]);
// Session cookies are bearer credentials too, though their names end in "id": JSESSIONID, session_id, connect.sid.
// (Not a bare "session": `express-session: restored` is a logger's name. Cookie headers are masked whole anyway.)
const SESSION_KEY = /(?:^|_)(?:session_id|sid)$/;
// Keys that mention a secret but hold something about it: its name, file, lifetime, version, where to get one.
const HARMLESS_LAST = new Set([
  'name',
  'names',
  'ref',
  'keyref',
  'file',
  'path',
  'dir',
  'type',
  'method',
  'policy',
  'length',
  'len',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'expired',
  'in',
  'at',
  'status',
  'enabled',
  'count',
  'id',
  'mode',
  'required',
  'namespace',
  'version',
  'versions',
  'url',
  'uri',
  'endpoint',
  'host',
  'lifetime',
  'duration',
  'timeout',
  'age',
  'seconds',
  'interval',
  'scope',
  'scopes',
  'provider',
  'backend',
  'store',
  'source',
  'format',
  'algorithm',
  'alg',
  'size',
  'bits',
  'kind',
  'issuer',
  'audience',
  'limit',
  'error',
  'reason',
]);

const secretKeyCache = new Map<string, boolean>();

/** Whether a key such as DB_PASSWORD, clientSecret or --api-key names a secret. */
export function isSecretKey(key: string): boolean {
  let known = secretKeyCache.get(key);
  if (known === undefined) {
    known = classifyKey(key);
    // Logs repeat the same few keys; the bound only guards against hostile variety.
    if (secretKeyCache.size > 10_000) secretKeyCache.clear();
    secretKeyCache.set(key, known);
  }
  return known;
}

function classifyKey(key: string): boolean {
  const segments = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.:-]+/)
    .filter((s) => s !== '');
  const last = segments.at(-1);
  if (last === undefined) return false;
  if (SESSION_KEY.test(segments.join('_'))) return true;
  if (HARMLESS_LAST.has(last)) return false;
  return segments.some(
    (segment, i) =>
      SECRET_SEGMENTS.has(segment) ||
      SECRET_WORDS.some((word) => segment.endsWith(word)) ||
      SECRET_PAIRS.has(`${segment}_${segments[i + 1] ?? ''}`),
  );
}

// `STRIPE_KEY`, `signingKey`: a key named only "…key" holds a secret as often as an object key or a sort key,
// so there the value decides: a long random-looking word is taken for a secret, a UUID for an identifier
// (idempotency keys; a UUID-shaped API key is still masked when its key says so, HEROKU_API_KEY).
const NAMES_A_KEY = /(?:^|[_.:-])key$|[a-z0-9]Key$/i;
const RANDOM_WORD = /^(?=[^\s]{0,4096}[0-9])(?=[^\s]{0,4096}[A-Za-z])[A-Za-z0-9+/=_-]{16,4096}$/;

/** Whether `key: value` holds a secret: the key says so, or it is a "…key" and the value looks random. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isSecretPair = (key: string, value: string): boolean =>
  isSecretKey(key) || (NAMES_A_KEY.test(key) && RANDOM_WORD.test(value) && !UUID.test(value));
