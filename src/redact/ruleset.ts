// secretlint's recommended rules, run synchronously as a second net under the hand-written rules.
//
// Why @secretlint/secretlint-rule-preset-recommend: it is the most used maintained secret ruleset on npm
// (~2.7M downloads a month, MIT); each rule is one provider's token format, kept by the project, and
// the set keeps growing (14 rule packages in 10.x, 28 in 13.1: GitLab, Stripe, Vault, Hugging Face…).
// gitleaks' rules reach npm only in little-used wrappers around its Go binary, detect-secrets' port is far less
// used (~13k a month). secretlint's engine (@secretlint/core) is async and file-oriented, but each rule is a
// plain object whose `file(source)` handler runs synchronously and calls `context.report({ range })`: the rules
// are driven directly, with a context that only collects ranges. The preset bundles its rules, has no
// dependencies and downloads nothing at run time.
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { REDACTED } from './mask.js';

/** The part of secretlint's rule API used here (see @secretlint/types: SecretLintRuleCreator, SecretLintRuleContext). */
interface Report {
  range: readonly [number, number];
  message: unknown;
}
interface Source {
  content: string;
  filePath: undefined;
  ext: string;
  contentType: 'text';
}
interface RuleContext {
  createTranslator(messages: unknown): (id: string, props?: Record<string, unknown>) => unknown;
  report(report: Report): void;
  ignore(report: unknown): void;
}
interface Rule {
  meta: { id: string };
  create(context: RuleContext, options: Record<string, unknown>): { file?: (source: Source) => unknown };
}

// Rules that are left out, and why:
// - privatekey: private_key blocks are masked earlier, and in code that also handles a block cut in half;
// - basicauth, database-connection-string: they report the whole URL; url.ts masks only the password, for any scheme;
// - gcp: it JSON-parses the whole text to find a service-account file, whose key the key/value rules mask anyway;
// - filter-comments: `secretlint-disable` comments in cluster text must not switch rules off.
const SKIPPED = new Set(
  ['privatekey', 'basicauth', 'database-connection-string', 'gcp', 'filter-comments'].map(
    (r) => `@secretlint/secretlint-rule-${r}`,
  ),
);

let reports: Report[] = [];
// The translator returns the message's parameters: they hold the matched secret, see secretSpan.
const context: RuleContext = {
  createTranslator: () => (_id, props) => props ?? {},
  report: (r) => void reports.push(r),
  ignore: () => {},
};
const handlers = (rules as unknown as Rule[])
  .filter((rule) => !SKIPPED.has(rule.meta.id))
  .map((rule) => rule.create(context, {}).file)
  .filter((file): file is (source: Source) => unknown => typeof file === 'function');

/**
 * Where the secret of a report lies. Most rules report the match, but some (aws's secret key, npm's _authToken)
 * report a range of the right length starting at the key rather than the value: the matched text, which they
 * pass to the message, is looked for from the range's start.
 */
function secretSpan(content: string, report: Report): [number, number] {
  const [start, end] = report.range;
  const props = typeof report.message === 'object' && report.message !== null ? Object.values(report.message) : [];
  for (const value of props) {
    if (typeof value !== 'string' || value.length < 4) continue;
    const at = content.indexOf(value, start);
    if (at !== -1 && at <= end + 1024) return [at, at + value.length];
  }
  return [start, end];
}

// Some rules' patterns (slack's `(?:[a-zA-Z0-9]{1,40}-)+`) overflow V8's backtrack stack on a megabyte-long run,
// so text is scanned in windows, cut at a newline where there is one; a window cut mid-line overlaps the next
// by more than any rule's longest match, so that a secret is always whole in one of them.
const WINDOW = 131_072;
const OVERLAP = 16_384;

function scanWindow(content: string, offset: number, spans: Array<[number, number]>): void {
  reports = [];
  try {
    for (const file of handlers) file({ content, filePath: undefined, ext: '', contentType: 'text' });
  } catch {
    // A rule that cannot finish cannot vouch for the text: mask the window rather than pass it on.
    spans.push([offset, offset + content.length]);
    return;
  }
  for (const report of reports) {
    const [start, end] = secretSpan(content, report);
    if (!content.startsWith('[REDACTED', start)) spans.push([offset + start, offset + end]);
  }
}

/** Replaces what secretlint's recommended rules report with [REDACTED]. */
export function redactByRuleset(text: string): string {
  const spans: Array<[number, number]> = [];
  for (let start = 0; ; ) {
    let end = Math.min(text.length, start + WINDOW);
    let next = end - OVERLAP;
    if (end < text.length) {
      const newline = text.slice(start + OVERLAP, end).lastIndexOf('\n');
      if (newline !== -1) [end, next] = [start + OVERLAP + newline, start + OVERLAP + newline + 1];
    }
    scanWindow(text.slice(start, end), start, spans);
    if (end >= text.length) break;
    start = next;
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let copied = 0;
  for (const [start, end] of spans) {
    if (end <= copied) continue;
    out.push(text.slice(copied, Math.max(start, copied)), start >= copied ? REDACTED : '');
    copied = end;
  }
  out.push(text.slice(copied));
  return out.join('');
}
