// The Kubernetes schema as kubernetes-models (a devDependency) types it: for each type, its fields and the type
// each field holds, read from the package's .d.ts files. The sandbox's known-field table is checked against it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';

/** Types that are scalars on the wire (timestamps, quantities, int-or-string) or opaque (fieldsV1, raw data). */
const SCALAR = /V1Time$|V1MicroTime$|Quantity$|IntOrString$|FieldsV1$|RawExtension$/;

export type ModelSchema = Map<string, Map<string, string | undefined>>;

const root = dirname(createRequire(import.meta.url).resolve('kubernetes-models/package.json'));
const modules = resolve(root, '..');

function parse(file: string): { fields: Map<string, string | undefined>; refs: Map<string, string> } {
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
    const path = m[2] ?? '';
    imports.set(m[1] ?? '', `${path.startsWith('.') ? resolve(dirname(file), path) : resolve(modules, path)}.d.ts`);
  }
  const body = text.match(/export interface I\w+(?: extends \w+)? \{\n([\s\S]*?)\n\}/)?.[1] ?? '';
  const fields = new Map<string, string | undefined>();
  const refs = new Map<string, string>();
  for (const m of body.matchAll(/^ {4}"(\w+)"\??: (.*)$/gm)) {
    const ref = m[2]?.match(/(IIoK8s\w+)/)?.[1];
    const target = ref && !SCALAR.test(ref) ? imports.get(ref) : undefined;
    fields.set(m[1] ?? '', target ? basename(target, '.d.ts') : undefined);
    if (target) refs.set(basename(target, '.d.ts'), target);
  }
  return { fields, refs };
}

/** Every type reachable from the given models (e.g. 'apps/v1/Deployment'), by their short names. */
export function modelSchema(models: readonly string[]): ModelSchema {
  const schema: ModelSchema = new Map();
  const queue = models.map((m) => resolve(root, `${m}.d.ts`));
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    const name = basename(file, '.d.ts');
    if (schema.has(name)) continue;
    const { fields, refs } = parse(file);
    schema.set(name, fields);
    for (const target of refs.values()) queue.push(target);
  }
  return schema;
}
