// Editing one value in a manifest file the way a person would: the yaml package's Document API finds the node,
// and only its text is replaced (or the missing keys inserted under their parent), so every comment, quote style
// and indentation elsewhere in the file stays byte for byte. A reviewer then sees a one-line diff.
import { isMap, isScalar, isSeq, parseAllDocuments, type Scalar, type YAMLMap } from 'yaml';

export type ResourcePath = readonly ['limits' | 'requests', 'cpu' | 'memory'];

export interface ManifestTarget {
  kind: string;
  name: string;
}

/** Where the pod spec sits in each kind that has one. */
function podSpecPath(kind: string): string[] | undefined {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(kind)
    ? ['spec', 'template', 'spec']
    : undefined;
}

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;

/** The value as the scalar it replaces was written: quoted the same way, or plain when that is safe. */
function written(value: string, style: Scalar['type']): string | undefined {
  if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'PLAIN' || style === undefined) return PLAIN_SAFE.test(value) ? value : JSON.stringify(value);
  return undefined;
}

const column = (text: string, at: number): number => at - (text.lastIndexOf('\n', at - 1) + 1);

/** The offset just after the line holding `at` (or `at` itself when it starts a line). */
function lineEnd(text: string, at: number): { at: number; newline: boolean } {
  if (at > 0 && text[at - 1] === '\n') return { at, newline: false };
  const nl = text.indexOf('\n', at);
  return nl === -1 ? { at: text.length, newline: true } : { at: nl + 1, newline: false };
}

function insertLines(text: string, at: number, indent: number, keys: readonly string[], value: string): string {
  const end = lineEnd(text, at);
  const lines = keys.map((k, i) => `${' '.repeat(indent + 2 * i)}${k}:${i === keys.length - 1 ? ` ${value}` : ''}`);
  return `${text.slice(0, end.at)}${end.newline ? '\n' : ''}${lines.join('\n')}\n${text.slice(end.at)}`;
}

/** Sets `keys` under a block map, replacing the scalar there or inserting what is missing. */
function setIn(text: string, map: YAMLMap, keys: readonly string[], value: string): string | undefined {
  let node: YAMLMap = map;
  for (const [i, key] of keys.entries()) {
    if (node.flow || node.items.length === 0) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) {
      const first = node.items[0]!.key;
      const last = node.items.at(-1)!;
      const end = (isScalar(last.value) || isMap(last.value) || isSeq(last.value) ? last.value : last.key) as Scalar;
      if (!isScalar(first) || !first.range || !end?.range) return undefined;
      return insertLines(text, end.range[1], column(text, first.range[0]), keys.slice(i), value);
    }
    const v = pair.value;
    if (i === keys.length - 1) {
      if (!isScalar(v) || !v.range || v.source === '') return undefined;
      const w = written(value, v.type);
      return w === undefined ? undefined : `${text.slice(0, v.range[0])}${w}${text.slice(v.range[1])}`;
    }
    // "resources:" with nothing under it: the missing keys go on the lines below, one level deeper.
    if (isScalar(v) && v.value === null && v.source === '' && isScalar(pair.key) && pair.key.range) {
      const k = pair.key.range;
      return insertLines(text, k[1], column(text, k[0]) + 2, keys.slice(i + 1), value);
    }
    if (!isMap(v)) return undefined;
    node = v;
  }
  return undefined;
}

/**
 * Sets resources.<path> of one container of the object `target` in a (multi-document) YAML file, keeping the
 * rest of the text as it is. Undefined when the file has no such object or container, or the value sits where a
 * textual edit is not safe (an alias, a flow map, a block scalar).
 */
export function setContainerResource(
  yamlText: string,
  target: ManifestTarget,
  container: string,
  path: ResourcePath,
  value: string,
): string | undefined {
  const specPath = podSpecPath(target.kind);
  if (!specPath) return undefined;
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    if (doc.get('kind') !== target.kind || doc.getIn(['metadata', 'name']) !== target.name) continue;
    const spec = doc.getIn(specPath, true);
    if (!isMap(spec)) continue;
    for (const list of ['containers', 'initContainers']) {
      const seq = spec.get(list, true);
      const found = isSeq(seq) ? seq.items.find((c) => isMap(c) && c.get('name') === container) : undefined;
      if (!isMap(found)) continue;
      const edited = setIn(yamlText, found, ['resources', ...path], value);
      return edited !== undefined && landed(edited, target, container, specPath, list, path, value)
        ? edited
        : undefined;
    }
  }
  return undefined;
}

/** The edited text parses and holds the value where it was meant to go. */
function landed(
  text: string,
  target: ManifestTarget,
  container: string,
  specPath: string[],
  list: string,
  path: ResourcePath,
  value: string,
): boolean {
  return parseAllDocuments(text).some((doc) => {
    if (doc.errors.length > 0 || doc.get('kind') !== target.kind || doc.getIn(['metadata', 'name']) !== target.name)
      return false;
    const items = doc.getIn([...specPath, list]);
    const c = isSeq(items) ? items.items.find((x) => isMap(x) && x.get('name') === container) : undefined;
    return isMap(c) && String(c.getIn(['resources', ...path])) === value;
  });
}
