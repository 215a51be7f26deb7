// Parses tokens into lists of pipelines joined by && / || / ; — the subset of sh the sandbox runs.
import { type Token, tokenize, type Word } from './lexer.js';
import { ShellSyntaxError } from './types.js';

export interface Redirect {
  fd: 0 | 1 | 2;
  /** '>' truncate, '>>' append, '<' read, 'dup' point fd at another fd. */
  mode: '>' | '>>' | '<' | 'dup';
  target?: Word;
  toFd?: 1 | 2;
}

export interface SimpleCommand {
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  negate: boolean;
  commands: SimpleCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export type Script = AndOr[];

const UNSUPPORTED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  '{',
  '}',
]);

function literal(word: Word): string | undefined {
  return word.every((p) => p.type === 'text') ? word.map((p) => (p.type === 'text' ? p.text : '')).join('') : undefined;
}

export function parse(input: string): Script {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (t: Token | undefined, ...ops: string[]): boolean => t?.type === 'op' && ops.includes(t.op);

  const simple = (): SimpleCommand => {
    const cmd: SimpleCommand = { assigns: [], words: [], redirects: [] };
    for (;;) {
      const t = peek();
      if (!t) break;
      if (t.type === 'word') {
        const lit = literal(t.word);
        const first = t.word[0];
        if (
          cmd.words.length === 0 &&
          first?.type === 'text' &&
          !first.quoted &&
          /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.text)
        ) {
          const eq = first.text.indexOf('=');
          const value: Word = [{ type: 'text', text: first.text.slice(eq + 1), quoted: false }, ...t.word.slice(1)];
          cmd.assigns.push({ name: first.text.slice(0, eq), value });
        } else {
          if (
            cmd.words.length === 0 &&
            lit !== undefined &&
            UNSUPPORTED.has(lit) &&
            !t.word.some((p) => p.type === 'text' && p.quoted)
          ) {
            throw new ShellSyntaxError(`"${lit}" (compound commands) is not supported by the sandbox shell`);
          }
          cmd.words.push(t.word);
        }
        pos += 1;
        continue;
      }
      const op = t.op;
      const dup = /^([12]?)>&([12])$/.exec(op);
      if (dup) {
        cmd.redirects.push({ fd: dup[1] === '2' ? 2 : 1, mode: 'dup', toFd: dup[2] === '2' ? 2 : 1 });
        pos += 1;
        continue;
      }
      const file = /^([12]?)(>>|>|<)$/.exec(op) ?? (op === '&>' ? ['&>', '&', '>'] : null);
      if (!file) break;
      pos += 1;
      const target = peek();
      if (target?.type !== 'word')
        throw new ShellSyntaxError(
          `unexpected ${target ? (target.type === 'op' ? JSON.stringify(target.op) : 'word') : 'end of file'}`,
        );
      pos += 1;
      const mode = file[2] as '>' | '>>' | '<';
      if (file[1] === '&') {
        cmd.redirects.push({ fd: 1, mode, target: target.word }, { fd: 2, mode: 'dup', toFd: 1 });
      } else {
        cmd.redirects.push({ fd: mode === '<' ? 0 : file[1] === '2' ? 2 : 1, mode, target: target.word });
      }
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      const t = peek();
      throw new ShellSyntaxError(
        `unexpected ${t ? (t.type === 'op' ? JSON.stringify(t.op === '\n' ? 'newline' : t.op) : 'word') : 'end of file'}`,
      );
    }
    return cmd;
  };

  const pipeline = (): Pipeline => {
    let negate = false;
    const t = peek();
    if (t?.type === 'word' && literal(t.word) === '!') {
      negate = true;
      pos += 1;
    }
    const commands = [simple()];
    while (isOp(peek(), '|')) {
      pos += 1;
      skipNewlines();
      commands.push(simple());
    }
    return { negate, commands };
  };

  const skipNewlines = (): void => {
    while (isOp(peek(), '\n')) pos += 1;
  };

  const script: Script = [];
  skipNewlines();
  while (pos < tokens.length) {
    const item: AndOr = { first: pipeline(), rest: [] };
    while (isOp(peek(), '&&', '||')) {
      const op = (peek() as { op: '&&' | '||' }).op;
      pos += 1;
      skipNewlines();
      item.rest.push({ op, pipeline: pipeline() });
    }
    script.push(item);
    if (isOp(peek(), ';', '&', '\n')) {
      pos += 1;
      skipNewlines();
    } else if (pos < tokens.length) {
      const t = peek();
      throw new ShellSyntaxError(`unexpected ${t?.type === 'op' ? JSON.stringify(t.op) : 'word'}`);
    }
  }
  return script;
}
