// edit_file inside the envelope (config-file): a configuration file the diagnosis read, under the configured
// paths, with a configuration file's extension, not executable, and nowhere the system reads code or
// credentials from (loader, cron, shells' start-up, ssh, accounts).
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { EnvelopeSettings } from './settings.js';

/** Where writing a "config" file is running code or changing who may log in. Always refused. */
const SYSTEM_PATHS = [
  '/etc/passwd',
  '/etc/shadow',
  '/etc/group',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/sudoers.d/**',
  '/etc/cron*',
  '/etc/cron*/**',
  '/var/spool/cron/**',
  '/etc/ld.so*',
  '/etc/ld.so*/**',
  '/etc/profile',
  '/etc/profile.d/**',
  '/etc/environment',
  '/etc/bash.bashrc',
  '/etc/zsh/**',
  '/etc/security/**',
  '/etc/pam.d/**',
  '/etc/ssh/**',
  '/etc/init.d/**',
  '/etc/rc*.d/**',
  '/etc/systemd/**',
  '/etc/xinetd.d/**',
  '/etc/apt/**',
  '/etc/yum.repos.d/**',
  '/etc/apk/**',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/etc/nsswitch.conf',
  '/etc/ssl/**',
  '/etc/pki/**',
  '/etc/ca-certificates/**',
  '/usr/**',
  '/bin/**',
  '/sbin/**',
  '/lib/**',
  '/lib32/**',
  '/lib64/**',
  '/libx32/**',
  '/boot/**',
  '/proc/**',
  '/sys/**',
  '/dev/**',
  '/var/run/secrets/**',
  '/run/secrets/**',
];
/** Shells' and tools' start-up files, wherever they sit. */
const RC_FILES = new Set([
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zprofile',
  '.zshenv',
  '.zlogin',
  '.kshrc',
  '.cshrc',
  '.tcshrc',
  '.mkshrc',
  '.inputrc',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.gitconfig',
  '.pgpass',
  '.my.cnf',
  'authorized_keys',
]);

const isSystem = picomatch(SYSTEM_PATHS, { dot: true });

export interface FileFacts {
  /** The file's permission bits (e.g. 0o644), or why they could not be read. */
  mode: number | { error: string };
}

export type FileVerdict = { ok: true } | { ok: false; problems: string[] };

export function classifyFile(
  path: string,
  planned: { expectedSha256?: string | undefined },
  facts: FileFacts,
  settings: EnvelopeSettings['configFiles'],
): FileVerdict {
  const normal = posix.normalize(path);
  const problems: string[] = [];
  const segments = normal.split('/');
  if (planned.expectedSha256 === undefined)
    problems.push(`${path} was not read during the diagnosis; only a file whose content the planner saw may be edited`);
  if (isSystem(normal))
    problems.push(
      `${path} is a system file (accounts, cron, loader, shell start-up, ssh, TLS trust or programs), never a config file to fix`,
    );
  if (segments.some((s) => s === '.ssh' || RC_FILES.has(s)))
    problems.push(`${path} is a shell, ssh or credentials start-up file`);
  if (!picomatch.isMatch(normal, settings.paths, { dot: true }))
    problems.push(
      `${path} is not under the allowed config paths (fixer.envelope.configFiles.paths: ${settings.paths.join(', ')})`,
    );
  const ext = posix.extname(normal).toLowerCase();
  if (!settings.extensions.includes(ext))
    problems.push(
      `${path} does not have a configuration file extension (${settings.extensions.join(' ')}); code and scripts are not edited`,
    );
  if (typeof facts.mode !== 'number') problems.push(`cannot tell whether ${path} is executable: ${facts.mode.error}`);
  else if ((facts.mode & 0o111) !== 0)
    problems.push(`${path} is executable (mode ${facts.mode.toString(8)}), so it is code, not configuration`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true };
}
