// Kubernetes Secret manifests (`kubectl get secret -o yaml|json`, a logged or baked-in manifest, a
// last-applied-configuration): every value under `data:` and `stringData:` is a secret, whatever its key.
// A document counts as a Secret when it has a `kind: Secret` line anywhere (kubectl sorts `data` before `kind`).
import { REDACTED } from './mask.js';
import { blockAfter } from './yaml.js';

const YAML_KIND = /^[ \t]*(?:-[ \t]+)?["']?kind["']?[ \t]*:[ \t]*["']?Secret["']?[ \t]*(?:#.*)?$/m;
const YAML_DATA = /^([ \t]*(?:-[ \t]+)?)(?:data|stringData)[ \t]*:[ \t]*([^\n]*)$/gm;
const YAML_ENTRY = /^([ \t]+)(["']?[A-Za-z0-9_.-]+["']?[ \t]*:)[ \t]*(.*)$/;
const FLOW_VALUE = /([{,][ \t]*["']?[A-Za-z0-9_.-]+["']?[ \t]*:[ \t]*)("[^"]*"|'[^']*'|[^,}]+)/g;
// JSON, also as a string inside JSON (`\"kind\":\"Secret\"`, as kubectl -o json prints an annotation).
const JSON_KIND = /\\?"kind\\?"\s*:\s*\\?"Secret\\?"/;
const JSON_DATA = /(\\?)"(?:data|stringData)\1"\s*:\s*\{/g;

/** The entries of one `data:` block: `key: value` becomes `key: [REDACTED]`, a block scalar's lines one mask. */
function maskYamlEntries(block: string): string {
  const lines = block.split('\n');
  const entryIndent = lines.reduce(
    (min, l) => (l.trim() === '' ? min : Math.min(min, l.length - l.trimStart().length)),
    Infinity,
  );
  const out: string[] = [];
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    const entry = indent === entryIndent ? YAML_ENTRY.exec(line) : null;
    if (line.trim() === '') out.push(line);
    else if (entry !== null)
      out.push(/^(?:[|>][+-]?[0-9]?[+-]?)?$/.test(entry[3] ?? '') ? line : `${entry[1]}${entry[2]} ${REDACTED}`);
    else if (!out.at(-1)?.endsWith(REDACTED)) out.push(`${line.slice(0, indent)}${REDACTED}`);
  }
  return out.join('\n');
}

function maskYamlDocument(doc: string): string {
  if (!YAML_KIND.test(doc)) return doc;
  const out: string[] = [];
  let copied = 0;
  for (const match of doc.matchAll(YAML_DATA)) {
    if (match.index < copied) continue;
    const lineEnd = match.index + match[0].length;
    const inline = (match[2] ?? '').trim();
    if (inline.startsWith('{')) {
      out.push(doc.slice(copied, match.index), match[0].replace(FLOW_VALUE, `$1${REDACTED}`));
      copied = lineEnd;
      continue;
    }
    const { end, indent } = blockAfter(doc, lineEnd, (match[1] ?? '').length);
    if (indent === -1) continue;
    out.push(doc.slice(copied, lineEnd), maskYamlEntries(doc.slice(lineEnd, end)));
    copied = end;
  }
  out.push(doc.slice(copied));
  return out.join('');
}

// A JSON string, and one inside a JSON string (whose quotes are `\"`; an escaped quote in it stops the read early,
// and the rest of the object is then masked, see below).
const JSON_STRING = /"[^"\\\n]{0,65536}(?:\\.[^"\\\n]{0,65536}){0,1024}"/y;
const ESCAPED_STRING = /\\"[^"\n]{0,65536}?\\"/y;

/** Masks every string value of the object opening at `open`; stops, masking to the object's end, on anything odd. */
function maskJsonObject(text: string, open: number, escaped: boolean, out: string[]): number {
  const string = escaped ? ESCAPED_STRING : JSON_STRING;
  const q = escaped ? '\\"' : '"';
  const skip = (p: number): number => {
    let at = p;
    while (at < text.length && /\s/.test(text[at]!)) at++;
    return at;
  };
  const stringAt = (p: number): number => {
    string.lastIndex = p;
    return string.test(text) ? string.lastIndex : -1;
  };
  let pos = open + 1; // copied up to here
  let at = skip(pos);
  for (;;) {
    const keyEnd = stringAt(at);
    if (keyEnd === -1 || text[skip(keyEnd)] !== ':') break;
    at = skip(skip(keyEnd) + 1);
    const valueEnd = stringAt(at);
    if (valueEnd === -1) break;
    out.push(text.slice(pos, at), `${q}${REDACTED}${q}`);
    pos = valueEnd;
    at = skip(pos);
    if (text[at] !== ',') break;
    at = skip(at + 1);
  }
  const close = text.indexOf('}', pos);
  const end = close === -1 ? text.length : close;
  // Whatever could not be read as "key": "value" pairs is masked rather than guessed at.
  out.push(/^\s*$/.test(text.slice(pos, end)) ? text.slice(pos, end) : REDACTED);
  return end;
}

function maskJson(text: string): string {
  if (!JSON_KIND.test(text)) return text;
  const out: string[] = [];
  let copied = 0;
  for (const match of text.matchAll(JSON_DATA)) {
    if (match.index < copied) continue;
    const open = match.index + match[0].length - 1;
    out.push(text.slice(copied, open + 1));
    copied = maskJsonObject(text, open, match[1] === '\\', out);
  }
  out.push(text.slice(copied));
  return out.join('');
}

export function redactSecretManifests(text: string): string {
  if (!text.includes('Secret')) return text;
  const yaml = text
    .split(/(?<=^|\n)(?=---(?:[ \t\r\n]|$))/)
    .map(maskYamlDocument)
    .join('');
  return maskJson(yaml);
}
