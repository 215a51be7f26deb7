// Secrets passed on a command line (ps output, a container's args, a logged shell command): long flags with a
// space (`--password X`, the `=` form is a key/value), and the short flags of tools that take a password in one.
import { isPlainValue, REDACTED } from './mask.js';
import { isSecretKey } from './secret-key.js';

/** `--password X` / `-password X`; a value starting with `-` is the next flag (the password would be prompted for). */
const LONG_FLAG =
  /(?<![A-Za-z0-9_.-])(-{1,2}[A-Za-z][A-Za-z0-9_.-]{1,64})([ \t]{1,8})("[^"\n]{0,1024}"?|'[^'\n]{0,1024}'?|[^\s"'`;|&<>-][^\s"'`;|&<>]{0,1023})/g;
/** The same in an argv list: `["--password", "X"]`. */
const LIST_FLAG = /(["'])(-{1,2}[A-Za-z][A-Za-z0-9_.-]{1,64})\1([ \t]{0,8},[ \t]{0,8})(["'])([^"'\n]{1,1024})\4/g;
// Words after a flag in prose and in help text: "--password is required", "--password string   the password".
const NOT_VALUES = new Set([
  'is',
  'was',
  'must',
  'not',
  'and',
  'or',
  'the',
  'to',
  'flag',
  'option',
  'value',
  'required',
  'missing',
  'given',
  'set',
  'expects',
  'needs',
  'string',
  'strings',
  'stringarray',
  'int',
  'uint',
  'bool',
  'duration',
]);

// Only a flag that ends in the secret takes it as its value: `--no-auth-warning ping` and `--password-stdin` are
// switches, and the word after them is an argument.
const TAKES_SECRET = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|key|credentials?|auth)$/i;
const unquote = (value: string): string => value.replace(/^["']|["']$/g, '');
const isFlagValue = (flag: string, value: string): boolean =>
  TAKES_SECRET.test(flag) && isSecretKey(flag) && !isPlainValue(unquote(value)) && !NOT_VALUES.has(value.toLowerCase());

/** A tool, the rest of its command (to a pipe, a `;` or the line's end), and how its password appears there. */
const COMMANDS: Array<{ command: RegExp; secret: RegExp }> = [
  // mysql -uroot -pS3cret: the password is glued to -p (a separate word after -p is the database name).
  {
    command: /(?<![A-Za-z0-9_.-])(?:mysql[a-z]{0,12}|mariadb[a-z-]{0,12})(?=[ \t])[^\n|;]{0,4096}/g,
    secret: /(?<=[ \t]-p)([^\s]+)/g,
  },
  // curl -u user:pass, --user user:pass, --proxy-user user:pass; only the part after the first colon.
  {
    command: /(?<![A-Za-z0-9_.-])curl(?=[ \t])[^\n|;]{0,4096}/g,
    secret: /(?<=[ \t](?:-u|-U|--user|--proxy-user)(?:[ \t]{1,8}|=)?["']?[^\s:"']{0,256}:)([^\s"']{1,1024})/g,
  },
  {
    command: /(?<![A-Za-z0-9_.-])sshpass(?=[ \t])[^\n|;]{0,4096}/g,
    secret: /(?<=[ \t]-p[ \t]{0,8}["']?)([^\s"']{1,1024})/g,
  },
  {
    command: /(?<![A-Za-z0-9_.-])redis-cli(?=[ \t])[^\n|;]{0,4096}/g,
    secret: /(?<=[ \t](?:-a|--pass)[ \t]{1,8}["']?)([^\s"']{1,1024})/g,
  },
  // ldapsearch, ldapmodify… -w X: the bind password.
  {
    command: /(?<![A-Za-z0-9_.-])ldap[a-z]{2,12}(?=[ \t])[^\n|;]{0,4096}/g,
    secret: /(?<=[ \t]-w[ \t]{1,8}["']?)([^\s"']{1,1024})/g,
  },
  // openssl's -passin/-passout/-pass take `pass:X` (other forms, env:VAR or file:PATH, name where it is).
  {
    command: /(?<![A-Za-z0-9_.-])openssl(?=[ \t])[^\n|;]{0,4096}/g,
    secret: /(?<=[ \t]-pass(?:in|out)?[ \t]{1,8}["']?pass:)([^\s"']{1,1024})/g,
  },
  // docker login -u user -p X (also podman, nerdctl, helm registry login).
  {
    command:
      /(?<![A-Za-z0-9_.-])(?:docker|podman|nerdctl|helm[ \t]{1,8}registry)[ \t]{1,8}login(?=[ \t])[^\n|;]{0,4096}/g,
    secret: /(?<=[ \t]-p[ \t]{1,8}["']?)([^\s"']{1,1024})/g,
  },
];

export function redactCommandLines(text: string): string {
  let out = text;
  if (out.includes('-')) {
    out = out.replace(LONG_FLAG, (match, flag: string, space: string, value: string) =>
      isFlagValue(flag, value) ? `${flag}${space}${REDACTED}` : match,
    );
    out = out.replace(LIST_FLAG, (match, q: string, flag: string, comma: string, vq: string, value: string) =>
      isFlagValue(flag, value) ? `${q}${flag}${q}${comma}${vq}${REDACTED}${vq}` : match,
    );
  }
  for (const { command, secret } of COMMANDS) {
    out = out.replace(command, (line) =>
      line.replace(secret, (value: string) => (isPlainValue(value) ? value : REDACTED)),
    );
  }
  return out;
}
