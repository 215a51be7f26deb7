// Formats whose shape alone says "secret", replaced whole. These are deliberately looser than the maintained
// ruleset (ruleset.ts), which wants exact lengths: a token cut short, padded or of a newer length must not leak.
import { REDACTED } from './mask.js';

const TOKEN_PATTERNS: RegExp[] = [
  // AWS access key ids (the prefixes secretlint's aws rule lists).
  /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])/g,
  /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, // Google API key
  /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_.-]{8,4096}/g, // Google OAuth access token (`ya29.c.…` from the metadata server)
  /(?<![A-Za-z0-9_/-])1\/\/0[A-Za-z0-9_-]{30,512}/g, // Google OAuth refresh token
  /(?<![A-Za-z0-9-])(?:xox[abprse]|xapp)-[A-Za-z0-9-]{10,4096}/g, // Slack
  /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,4096}|github_pat_[A-Za-z0-9_]{20,4096})/g, // GitHub
  /(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glft|glsoat|glcbt|glimt|gloas)-[A-Za-z0-9_-]{20,128}/g, // GitLab
  /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,256}/g, // Stripe secret and restricted keys
  /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/=]{20,256}/g, // Stripe webhook signing secret
  /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{16,128}/g, // SendGrid
  // npm; a digit is required so that npm_config_* and npm_package_* variable names survive.
  /(?<![A-Za-z0-9_])npm_(?=[A-Za-z0-9]{0,64}[0-9])[A-Za-z0-9]{30,64}(?![A-Za-z0-9_])/g,
  /(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{40,4096}/g, // PyPI (a macaroon for pypi.org or test.pypi.org)
  /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{20,512}/g, // HashiCorp Vault service, batch and recovery tokens
  /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,64}(?![A-Za-z0-9_])/g, // Hugging Face
  // Anthropic / OpenAI. A digit is required so that words like "sk-learn-…" survive.
  /(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]{0,256}[0-9])[A-Za-z0-9_-]{20,4096}/g,
  // JWT: base64url JSON header and payload, then a (possibly empty) signature. Other headers: jwt.ts.
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,65536}\.[A-Za-z0-9_-]{4,65536}\.[A-Za-z0-9_-]{0,65536}/g,
];

/** Webhook URLs are credentials in themselves; the host stays, it says what leaked. */
const WEBHOOKS = [
  /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9_/-]{8,512}/gi,
  /(discord(?:app)?\.com\/api\/webhooks\/[0-9]{1,32}\/)[A-Za-z0-9_-]{20,256}/gi,
];

/**
 * Signed-URL signatures: Azure SAS `sig=`, `X-Amz-Signature=`, `X-Goog-Signature=`. The key says too little
 * (`sig=SIGTERM`), so the value must be long and contain a digit or an escape to count.
 */
const SIGNATURE =
  /(?<![A-Za-z0-9_-])((?:sig|signature|x-amz-signature|x-goog-signature)=)(?=[A-Za-z0-9%+/=_.-]{0,2048}[0-9%+/])[A-Za-z0-9%+/=_.-]{16,2048}/gi;

export function redactTokens(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  for (const pattern of WEBHOOKS) out = out.replace(pattern, `$1${REDACTED}`);
  return out.replace(SIGNATURE, `$1${REDACTED}`);
}
