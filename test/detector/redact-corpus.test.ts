// Measures redaction over the corpus: how many planted secrets are fully gone, how many ordinary lines change.
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/redact/index.js';
import { ORDINARY_LINES, SECRET_CASES, type SecretCase } from './secrets-corpus.js';

/** Shorter pieces than this may occur by chance in the surrounding line; longer ones mean part of the secret leaked. */
const FRAGMENT = 10;

/** Whether any part of a secret survives: the whole of a short one, any FRAGMENT-long piece of a long one. */
function leaks(output: string, secret: string): boolean {
  if (secret.length <= FRAGMENT) return output.includes(secret);
  for (let i = 0; i + FRAGMENT <= secret.length; i++) if (output.includes(secret.slice(i, i + FRAGMENT))) return true;
  return false;
}

const leaked = (c: SecretCase): boolean => c.secrets.some((s) => leaks(redact(c.text), s));

describe('the redaction corpus', () => {
  it('is big enough to quote', () => {
    expect(SECRET_CASES.length).toBeGreaterThanOrEqual(80);
    expect(ORDINARY_LINES.length).toBeGreaterThanOrEqual(40);
  });

  it('redacts at least 98% of the secrets and changes at most 2 ordinary lines', () => {
    const missed = SECRET_CASES.filter(leaked);
    const changed = ORDINARY_LINES.filter((line) => redact(line) !== line);

    const redacted = SECRET_CASES.length - missed.length;
    const percent = ((100 * redacted) / SECRET_CASES.length).toFixed(1);
    console.log(
      `secrets redacted ${redacted}/${SECRET_CASES.length} (${percent}%), ordinary lines changed ${changed.length}/${ORDINARY_LINES.length}`,
    );
    for (const c of missed) console.log(`missed: ${c.label}: ${redact(c.text)}`);
    for (const line of changed) console.log(`changed: ${line} -> ${redact(line)}`);
    expect(redacted / SECRET_CASES.length).toBeGreaterThanOrEqual(0.98);
    expect(changed.length).toBeLessThanOrEqual(2);
  });

  it.each([
    'token_expired',
    'auth=jwt',
    'secret_version=7',
    'tokenUrl=https://login.example.com/oauth2/v2.0/token',
    'token_lifetime=3600s',
  ])('leaves %s exactly as it is', (line) => {
    expect(redact(line)).toBe(line);
  });
});
