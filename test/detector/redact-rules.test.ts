// The rules added after the security review, by the exact text they leave: what is masked, and what stays for
// diagnosis (keys, users, hosts, cookie attributes, flags). The corpus test measures; this one pins the forms.
import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, redact, sanitize } from '../../src/redact/index.js';

const R = '[REDACTED]';
const b64url = (s: string): string => Buffer.from(s).toString('base64url');
const SPACED_JWT = `${b64url('{ "alg": "RS256", "typ": "JWT" }')}.${b64url('{ "sub": "u1" }')}.c2lnbmF0dXJlLXBhcnQtb25l`;

const CASES: Array<[form: string, input: string, expected: string]> = [
  ['GitLab token', 'token glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn', `token ${R}`],
  ['Stripe keys', 'sk_live_0a1B2c3D4e5F6g7H8i9J0kLm rk_live_0a1B2c3D4e5F6g7H8i9J0kLm', `${R} ${R}`],
  ['SendGrid key', 'key SG.aBcDeFgHiJkLmNoPqRsTuV.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefg', `key ${R}`],
  ['npm token', 'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 used', `${R} used`],
  ['PyPI token', `pypi-AgEIcHlwaS5vcmc${'A1b2'.repeat(15)}`, R],
  ['Vault token', 'vault hvs.CAESIJ0a1B2c3D4e5F6g7H8i9J0k', `vault ${R}`],
  ['Hugging Face token', 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH', R],
  ['Google access token', 'got ya29.c.b0AXv0zTabc123_def', `got ${R}`],
  ['JWT with a spaced header', `id ${SPACED_JWT} ok`, `id ${R} ok`],
  [
    'Slack webhook',
    'POST https://hooks.slack.com/services/T0ABC/B0DEF/xyz123abc',
    `POST https://hooks.slack.com/services/${R}`,
  ],
  [
    'Azure AccountKey',
    'AccountName=a;AccountKey=q1w2e3r4t5y6u7i8o9p0+/==;EndpointSuffix=core.windows.net',
    `AccountName=a;AccountKey=${R};EndpointSuffix=core.windows.net`,
  ],
  ['Azure SAS sig', 'x.csv?sv=2022-11-02&sig=Ab12Cd34Ef56Gh78%3D&se=1', `x.csv?sv=2022-11-02&sig=${R}&se=1`],
  ['Cookie header', 'Cookie: a=1x; b=2y', `Cookie: a=${R}; b=${R}`],
  ['Set-Cookie keeps attributes', 'Set-Cookie: sid=abc123; Path=/; HttpOnly', `Set-Cookie: sid=${R}; Path=/; HttpOnly`],
  [
    'session ids',
    'JSESSIONID=A1B2 PHPSESSID=c3d4 connect.sid=s%3Ae5 sessionid=f6',
    `JSESSIONID=${R} PHPSESSID=${R} connect.sid=${R} sessionid=${R}`,
  ],
  ['XML password', '<password>hunter2</password>', `<password>${R}</password>`],
  ['appSettings', '<add key="DbPassword" value="hunter2" />', `<add key="DbPassword" value="${R}" />`],
  [
    'YAML block scalar',
    'db:\n  password: |\n    line-one\n    line-two\n  user: app',
    `db:\n  password: |\n    ${R}\n  user: app`,
  ],
  ['YAML folded private key', 'private_key: >-\n  AAAA\n  BBBB\nnext: 1', `private_key: >-\n  ${R}\nnext: 1`],
  ['--password X', 'app --password hunter2 --verbose', `app --password ${R} --verbose`],
  ['mysql -pX', 'mysql -uroot -phunter2 shop', `mysql -uroot -p${R} shop`],
  ['curl -u', 'curl -u admin:hunter2 https://x', `curl -u admin:${R} https://x`],
  ['sshpass -p', 'sshpass -p hunter2 ssh host', `sshpass -p ${R} ssh host`],
  ['URL password with @ and /', 'postgres://u:p@ss/w@rd@host/db', `postgres://u:${R}@host/db`],
  ['URL with an e-mail in its query', 'https://u:pw@host/x?to=a@b.com', `https://u:${R}@host/x?to=a@b.com`],
  [
    'Secret manifest',
    'data:\n  password: aHVudGVyMg==\n  user: YXBw\nkind: Secret',
    `data:\n  password: ${R}\n  user: ${R}\nkind: Secret`,
  ],
  [
    'Secret as JSON',
    '{"kind":"Secret","data":{"a":"YQ==", "b": "Yg=="}}',
    `{"kind":"Secret","data":{"a":"${R}", "b": "${R}"}}`,
  ],
  ['ConfigMap data stays', 'data:\n  mode: fast\nkind: ConfigMap', 'data:\n  mode: fast\nkind: ConfigMap'],
  ['a token only secretlint knows', 'with dckr_pat_aBcDeFgHiJkLmNoPqRsTuVwXyZa now', `with ${R} now`],
];

describe('redact, rules from the security review', () => {
  it.each(CASES)('%s', (_form, input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('sanitize on hostile input for those rules', () => {
  const tenMb = (unit: string): string => unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length));

  it.each([
    ['URL userinfo', '://a:b@'],
    ['cookie headers', 'cookie:'],
    ['long flags', '--password '],
    ['XML elements', '<a:password x="'],
    ['JWT-like segments', 'eyAiYWxnIjoiSFMyNTYifQ.'],
    ['secretlint slack prefixes', 'xoxb-'],
    ['secretlint GitHub app prefixes', 'ghs_1_'],
    ['Secret data as JSON', '{"kind":"Secret","data":{"k":"v",'],
  ])('handles a 10 MB line of %s', (_label, unit) => {
    const { text } = sanitize(tenMb(unit), 6000);

    expect(text.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 20);
  });

  it('handles 10 MB of secret YAML blocks', () => {
    const { text } = sanitize(tenMb('password: |\n  x\n'), 6000);

    expect(text).not.toMatch(/^ {2}x$/m);
  });
});
