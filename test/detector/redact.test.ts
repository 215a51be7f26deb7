import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, redact, sanitize, sanitizeBuffer } from '../../src/redact/index.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM_BODY =
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\nLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvre';

const SECRETS: Array<[form: string, input: string, expected: string]> = [
  ['Authorization header', 'Authorization: Bearer abc123def456ghi789', 'Authorization: Bearer [REDACTED]'],
  [
    'Authorization header in curl',
    'curl -H "Authorization: Bearer tok_9f8e7d6c5b4a" https://api.internal',
    'curl -H "Authorization: Bearer [REDACTED]" https://api.internal',
  ],
  ['basic auth header', 'authorization: Basic YWRtaW46aHVudGVyMg==', 'authorization: Basic [REDACTED]'],
  ['a bare bearer token', 'retrying with bearer 5f4dcc3b5aa765d61d8327deb882cf99', 'retrying with bearer [REDACTED]'],
  ['AWS access key id', 'using key AKIAIOSFODNN7EXAMPLE for s3', 'using key [REDACTED] for s3'],
  ['AWS session key id', 'creds ASIAY34FZKBOKMUTVV7A expire soon', 'creds [REDACTED] expire soon'],
  [
    'AWS secret key (ini)',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'aws_secret_access_key = [REDACTED]',
  ],
  [
    'AWS secret key (env)',
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'AWS_SECRET_ACCESS_KEY=[REDACTED]',
  ],
  [
    'GCP API key',
    'maps client key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY loaded',
    'maps client key [REDACTED] loaded',
  ],
  [
    'Slack bot token',
    'slack: posting with xoxb-2648113221-4413561721895-Y3PcW0lLZ2r4N0tq',
    'slack: posting with [REDACTED]',
  ],
  ['Slack app token', 'socket mode xapp-1-A04ABCD1234-4413561721895-0b8c7f2e9d', 'socket mode [REDACTED]'],
  ['GitHub classic token', 'cloning with ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'cloning with [REDACTED]'],
  ['GitHub app token', 'ghs_16C7e42F292c6912E7710c838347Ae178B4a used', '[REDACTED] used'],
  ['GitHub fine-grained token', 'github_pat_11ABCDEFG0aBcDeFgHiJkL_mnopQRSTuvwxYZ0123456789abcdefghij', '[REDACTED]'],
  ['Anthropic key', 'client init sk-ant-api03-R2D2C3P0abcdefghij1234567890-xyzXYZ_AA', 'client init [REDACTED]'],
  ['OpenAI key', 'fallback model key sk-proj-4fJ8s9dK2lQ0wErTyUiOp1234', 'fallback model key [REDACTED]'],
  ['JWT', `session=${JWT};`, 'session=[REDACTED];'],
  ['JWT in prose', `got id token ${JWT} from issuer`, 'got id token [REDACTED] from issuer'],
  [
    'PEM private key',
    `key loaded:\n-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\ndone`,
    'key loaded:\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n-----END RSA PRIVATE KEY-----\ndone',
  ],
  [
    'PEM key in JSON',
    '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}',
    '{"private_key": "[REDACTED]"}',
  ],
  [
    'PEM key cut before its END',
    `-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}`,
    '-----BEGIN EC PRIVATE KEY-----\n[REDACTED]\n',
  ],
  [
    'PEM key read from its middle',
    `${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----\nnext line`,
    '\n[REDACTED]\n-----END OPENSSH PRIVATE KEY-----\nnext line',
  ],
  [
    'postgres URL',
    'connecting to postgres://orders:Pa55w0rd!@db.shop.svc:5432/orders',
    'connecting to postgres://orders:[REDACTED]@db.shop.svc:5432/orders',
  ],
  ['mysql URL', 'DSN mysql://root:toor@tcp(mysql:3306)/app', 'DSN mysql://root:[REDACTED]@tcp(mysql:3306)/app'],
  [
    'mongodb+srv URL',
    'mongodb+srv://admin:hunter2@cluster0.ab1cd.mongodb.net/test?retryWrites=true',
    'mongodb+srv://admin:[REDACTED]@cluster0.ab1cd.mongodb.net/test?retryWrites=true',
  ],
  ['redis URL without user', 'redis://:s3cret@redis-master:6379/0', 'redis://:[REDACTED]@redis-master:6379/0'],
  ['amqp URL', 'amqp://guest:guest@rabbitmq:5672/', 'amqp://guest:[REDACTED]@rabbitmq:5672/'],
  [
    'https URL',
    'fetch https://deploy:glpat-xyz123@git.example.com/repo.git',
    'fetch https://deploy:[REDACTED]@git.example.com/repo.git',
  ],
  ['DB_PASSWORD=', 'DB_PASSWORD=correct-horse-battery', 'DB_PASSWORD=[REDACTED]'],
  [
    'MYSQL_ROOT_PASSWORD=',
    'env: MYSQL_ROOT_PASSWORD=toor MYSQL_DATABASE=shop',
    'env: MYSQL_ROOT_PASSWORD=[REDACTED] MYSQL_DATABASE=shop',
  ],
  ['YAML password', '  password: hunter2', '  password: [REDACTED]'],
  [
    'JSON secret',
    '{"user":"svc","client_secret":"4f9a-77b1","scope":"read"}',
    '{"user":"svc","client_secret":"[REDACTED]","scope":"read"}',
  ],
  ['JSON with escaped quote', '{"apiKey": "ab\\"cd", "ok": true}', '{"apiKey": "[REDACTED]", "ok": true}'],
  [
    '--flag=value',
    'exec /app --listen=:8080 --api-key=f00dfeed --verbose',
    'exec /app --listen=:8080 --api-key=[REDACTED] --verbose',
  ],
  [
    'token= in a query string',
    'GET /callback?code=1&access_token=ya29.a0AfH6SM&state=x',
    'GET /callback?code=1&access_token=[REDACTED]&state=x',
  ],
  ['camelCase key', 'config loaded: dbPassword=pw1 timeout=30s', 'config loaded: dbPassword=[REDACTED] timeout=30s'],
  ['passwd, pwd', 'passwd=abc pwd=/root', 'passwd=[REDACTED] pwd=[REDACTED]'],
  ['credentials, auth', "credentials='x y z' auth=abc", "credentials='[REDACTED]' auth=[REDACTED]"],
  ['private_key, access_key', 'PRIVATE_KEY=abc ACCESS_KEY=def', 'PRIVATE_KEY=[REDACTED] ACCESS_KEY=[REDACTED]'],
  [
    'connection string and DSN',
    'CONNECTION_STRING="Server=db;Password=x" SENTRY_DSN=https://k@o1.ingest.sentry.io/2',
    'CONNECTION_STRING="[REDACTED]" SENTRY_DSN=[REDACTED]',
  ],
  [
    'secret in a logfmt line',
    'level=warn msg="login failed" user=bob secret=s3 attempt=3',
    'level=warn msg="login failed" user=bob secret=[REDACTED] attempt=3',
  ],
];

const ORDINARY = [
  'token bucket refilled',
  'password policy updated',
  'GET /api/users 200',
  'POST /api/orders 201 12ms',
  'level=info ts=2024-05-01T10:00:00Z msg="request done" path=/api/users status=200 duration=3.2ms',
  'Connected to postgres://db.shop.svc:5432/orders',
  'max_tokens=1024 tokens_used=318',
  'authenticated=true user=alice',
  'secretName: db-credentials',
  'author: Jane Doe',
  'bearer token invalid or expired',
  'the key was rotated at 10:42, see https://wiki.example.com/runbooks/keys',
  'Started container app',
  'I0501 12:00:00.123456       1 controller.go:116] Successfully synced "shop/api"',
  'sk-learn model loaded',
  'task-runner-2 finished',
];

describe('redact', () => {
  it.each(SECRETS)('redacts %s', (_form, input, expected) => {
    const output = redact(input);

    expect(output).toBe(expected);
  });

  it.each(ORDINARY)('leaves an ordinary line alone: %s', (line) => {
    const output = redact(line);

    expect(output).toBe(line);
  });
});

describe('sanitize', () => {
  it('strips ANSI colours, cursor moves, OSC titles and control characters, keeping newlines and tabs', () => {
    const input = '\x1b[31mERROR\x1b[0m\tdb down\x1b[2K\r\n\x1b]0;title\x07next\x00\x07line\x1b[?25h\n';

    const { text, truncated } = sanitize(input, 1000);

    expect(text).toBe('ERROR\tdb down\nnextline\n');
    expect(truncated).toBe(false);
  });

  it('replaces lone surrogates', () => {
    const { text } = sanitize('bad \ud800 pair \udc00 ok 😀', 100);

    expect(text).toBe('bad \ufffd pair \ufffd ok 😀');
  });

  it('keeps the tail of long output, in whole lines', () => {
    const input = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');

    const { text, truncated } = sanitize(input, 30);

    expect(text).toBe('line 97\nline 98\nline 99');
    expect(truncated).toBe(true);
  });

  it('caps a 10 MB line with a marker', () => {
    const input = `start ${'a'.repeat(10 * 1024 * 1024)} end`;

    const { text, truncated } = sanitize(input, 6000);

    expect(text).toHaveLength(MAX_LINE_CHARS + `…[+${input.length - MAX_LINE_CHARS} chars]`.length);
    expect(text.startsWith('start aaa')).toBe(true);
    expect(text.endsWith(`…[+${input.length - MAX_LINE_CHARS} chars]`)).toBe(true);
    expect(truncated).toBe(true);
  });

  it.each([
    [
      'mixed printable text',
      () =>
        Array.from({ length: 4099 }, (_, i) => 'aZ09+/=-_.:@ "\'{}'[(i * 7919) % 17])
          .join('')
          .repeat(2560),
    ],
    ['repeated key prefixes', () => 'password="'.repeat(1024 * 1024)],
    ['repeated token prefixes', () => 'eyJ-sk-AKIA'.repeat(1024 * 1024)],
    ['unterminated escapes', () => '\x1b]'.repeat(5 * 1024 * 1024)],
  ])('handles a 10 MB line of %s', (_label, make) => {
    const input = make();

    const { text } = sanitize(input, 6000);

    expect(text.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 20);
  });

  it('does not leak a secret straddling a line cap', () => {
    // Unredacted, the cap would fall inside the value and keep "hunter2".
    const input = `${'x'.repeat(MAX_LINE_CHARS - 20)} DB_PASSWORD=hunter2-hunter2-hunter2 ${'y'.repeat(100)}`;

    const { text } = sanitize(input, 10_000);

    expect(text).not.toContain('hunter2');
    expect(text).toContain('DB_PASSWORD=[REDACT');
  });

  it('does not leak a token straddling the total cap', () => {
    // Unredacted, the last 60 chars would start in the middle of the token.
    const input = `ghp_16C7e42F292c6912E7710c838347Ae178B4a ${'w'.repeat(39)}`;

    const { text } = sanitize(input, 60);

    expect(text).toBe(`[REDACTED] ${'w'.repeat(39)}`);
  });

  it('does not leak a private key straddling the total cap', () => {
    const input = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\nok\nok\nok`;

    const { text, truncated } = sanitize(input, 60);

    expect(text).toBe('[REDACTED]\n-----END RSA PRIVATE KEY-----\nok\nok\nok');
    expect(truncated).toBe(true);
  });

  it('does not leak the body of a private key whose BEGIN was cut off', () => {
    const input = `${PEM_BODY}\n-----END RSA PRIVATE KEY-----\nserver started`;

    const { text } = sanitize(input, 40);

    expect(text).not.toMatch(/MIIE|9z\+40/);
    expect(text).toContain('server started');
  });

  it('returns nothing for a zero budget', () => {
    const result = sanitize('hello', 0);

    expect(result).toEqual({ text: '', truncated: true });
  });
});

describe('sanitizeBuffer', () => {
  it('decodes UTF-8, replacing invalid bytes', () => {
    const buf = Buffer.concat([Buffer.from('caf\u00e9 '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' ok')]);

    const { text } = sanitizeBuffer(buf, 100);

    expect(text).toBe('café \ufffd\ufffd\ufffd ok');
  });

  it('redacts what it decodes', () => {
    const buf = Buffer.from('boot\nREDIS_PASSWORD=s3cret\nready\n');

    const { text } = sanitizeBuffer(buf, 100);

    expect(text).toBe('boot\nREDIS_PASSWORD=[REDACTED]\nready\n');
  });
});
