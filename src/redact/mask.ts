// The mask every rule writes, and the values no rule should mask whatever key they sit under.

export const REDACTED = '[REDACTED]';

/** Text an earlier pass already replaced: rules run in turn, and must not mask a mask (or what follows it). */
export const isMasked = (value: string): boolean => value.startsWith('[REDACTED');

// Values that name a mechanism or a state, not a credential: `auth=jwt`, `password: none`, `--auth oidc`.
const PLAIN_VALUES = new Set([
  'none',
  'null',
  'nil',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'enabled',
  'disabled',
  'required',
  'optional',
  'jwt',
  'oauth',
  'oauth2',
  'oidc',
  'saml',
  'ldap',
  'basic',
  'bearer',
  'digest',
  'kerberos',
  'ntlm',
  'mtls',
  'tls',
  'anonymous',
  'iam',
  'hmac',
  'sigv4',
  'plain',
  'md5',
  'trust',
  'peer',
  'cert',
  'x509',
  'scram-sha-256',
  'scram-sha-512',
]);
// A reference to where the secret lives, not the secret: ${DB_PASSWORD}, $API_TOKEN.
const ENV_REFERENCE = /^\$\{?[A-Za-z_][A-Za-z0-9_]{0,127}\}?$/;

// A YAML block scalar's indicator (`password: |`): the value is on the lines below, masked by yaml.ts.
const BLOCK_INDICATOR = /^[|>][+-]?[0-9]?[+-]?$/;

/** Whether a value under a secret-looking key is nothing to hide (or was hidden already). */
export const isPlainValue = (value: string): boolean =>
  value === '' ||
  isMasked(value) ||
  PLAIN_VALUES.has(value.toLowerCase()) ||
  ENV_REFERENCE.test(value) ||
  BLOCK_INDICATOR.test(value);
