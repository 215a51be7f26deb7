// Splits a shell command line into words and operators, keeping quoting so expansion can happen at run time.
import { ShellSyntaxError } from './types.js';

/** Part of a word: literal text (globbable only when unquoted), a $VAR, or a $(command). */
export type WordPart =
  | { type: 'text'; text: string; quoted: boolean }
  | { type: 'var'; name: string; quoted: boolean }
  | { type: 'subst'; script: string; quoted: boolean };

export type Word = WordPart[];

export type Token = { type: 'word'; word: Word } | { type: 'op'; op: string };

const OPERATORS = ['&&', '||', '>>', '&>', '>&2', '>&1', ';', '|', '&', '>', '<', '\n', '(', ')'];
const REDIRECTS = ['>&1', '>&2', '>>', '>'];

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r';
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let word: Word = [];
  let inWord = false;
  let i = 0;
  const text = (t: string, quoted: boolean): void => {
    const last = word[word.length - 1];
    if (last?.type === 'text' && last.quoted === quoted) last.text += t;
    else word.push({ type: 'text', text: t, quoted });
    inWord = true;
  };
  const endWord = (): void => {
    if (inWord) tokens.push({ type: 'word', word });
    word = [];
    inWord = false;
  };
  /** Reads $NAME, ${NAME}, $? or $(…) at input[i] (which is '$'); returns false for a lone '$'. */
  const dollar = (quoted: boolean): boolean => {
    const next = input[i + 1] ?? '';
    if (next === '(') {
      const end = matchParen(input, i + 1);
      word.push({ type: 'subst', script: input.slice(i + 2, end), quoted });
      inWord = true;
      i = end + 1;
      return true;
    }
    if (next === '{') {
      const end = input.indexOf('}', i);
      if (end === -1) throw new ShellSyntaxError('bad substitution');
      word.push({ type: 'var', name: input.slice(i + 2, end), quoted });
      inWord = true;
      i = end + 1;
      return true;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(input.slice(i + 1));
    if (!m) return false;
    word.push({ type: 'var', name: m[1] ?? '', quoted });
    inWord = true;
    i += 1 + (m[1] ?? '').length;
    return true;
  };

  while (i < input.length) {
    const ch = input[i] ?? '';
    if (isSpace(ch)) {
      endWord();
      i += 1;
    } else if (ch === '#' && !inWord) {
      while (i < input.length && input[i] !== '\n') i += 1;
    } else if (ch === "'") {
      const end = input.indexOf("'", i + 1);
      if (end === -1) throw new ShellSyntaxError('unterminated quoted string');
      text(input.slice(i + 1, end), true);
      i = end + 1;
    } else if (ch === '"') {
      i += 1;
      inWord = true;
      while (input[i] !== '"') {
        if (i >= input.length) throw new ShellSyntaxError('unterminated quoted string');
        const c = input[i] ?? '';
        if (c === '\\' && '"\\$`\n'.includes(input[i + 1] ?? '')) {
          if (input[i + 1] !== '\n') text(input[i + 1] ?? '', true);
          i += 2;
        } else if (c === '$' && dollar(true)) {
        } else {
          text(c, true);
          i += 1;
        }
      }
      i += 1;
    } else if (ch === '\\') {
      if (input[i + 1] !== '\n') text(input[i + 1] ?? '', true);
      i += 2;
    } else if (ch === '$' && dollar(false)) {
    } else {
      const fdWord =
        word.length === 1 && word[0]?.type === 'text' && !word[0].quoted && /^[12]$/.test(word[0].text)
          ? word[0].text
          : undefined;
      const redirect = fdWord !== undefined ? REDIRECTS.find((o) => input.startsWith(o, i)) : undefined;
      const op = redirect ?? OPERATORS.find((o) => input.startsWith(o, i));
      if (redirect !== undefined && fdWord !== undefined) {
        // "2>" is a redirect only when the digit is the whole word so far.
        word = [];
        inWord = false;
        tokens.push({ type: 'op', op: fdWord + redirect });
        i += redirect.length;
      } else if (op) {
        endWord();
        tokens.push({ type: 'op', op });
        i += op.length;
      } else {
        text(ch, false);
        i += 1;
      }
    }
  }
  endWord();
  return tokens;
}

function matchParen(input: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < input.length; i++) {
    const c = input[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new ShellSyntaxError('unterminated $(');
}
