// GitHub's published OpenAPI description, cut down to the operations the fake serves and compiled into ajv
// validators on first use. The dereferenced spec is ~70 MB: it is read once per process, only the served
// operations are kept, and the rest is left for the garbage collector.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  externalDocs?: { url: string };
}

/** One served operation: its parameters, body and response schemas, and the docs link GitHub's errors carry. */
export interface OperationSpec {
  operationId: string;
  docsUrl: string;
  parameters: Parameter[];
  requestBody: { required: boolean; schema: Schema } | undefined;
  /** Response schemas by status; null where the status has no body (304, 204). */
  responses: Map<number, Schema | null>;
}

export interface Spec {
  operations: Map<string, OperationSpec>;
  /** GitHub's generic error bodies, for statuses an operation does not list (a 401 on any route, say). */
  basicError: Schema;
  validationError: Schema;
  /** How long reading and cutting the spec took, for the tests' notes. */
  loadMs: number;
}

export interface Issue {
  path: string;
  message: string;
  keyword: string;
  missing?: string;
}

const SPEC_FILE = 'generated/api.github.com.deref.json';
let shared: Promise<Validators> | undefined;

/**
 * The validators for the served operations (`METHOD /path/template` pairs), shared by every fake in the process:
 * the spec is read once, and each schema compiled once, on first use.
 */
export function sharedValidators(served: ReadonlyArray<{ method: string; path: string }>): Promise<Validators> {
  shared ??= Promise.all([loadSpec(served), ajvFactory()]).then(([spec, make]) => new Validators(spec, make));
  return shared;
}

type MakeAjv = (options: Options) => Ajv;

/** ajv is loaded only when validation is wanted, so importing the sandbox stays cheap. */
async function ajvFactory(): Promise<MakeAjv> {
  const [{ Ajv }, formats] = await Promise.all([import('ajv'), import('ajv-formats')]);
  // ajv-formats is CommonJS: under NodeNext its types put the plugin on `.default`; at run time both forms exist.
  const addFormats = (formats.default.default ?? formats.default) as typeof formats.default.default;
  return (options) => addFormats(new Ajv(options));
}

/** Reads the spec and keeps only the operations named. */
export async function loadSpec(served: ReadonlyArray<{ method: string; path: string }>): Promise<Spec> {
  const started = performance.now();
  const file = createRequire(import.meta.url).resolve(`@octokit/openapi/${SPEC_FILE}`);
  const paths = (JSON.parse(await readFile(file, 'utf8')) as { paths: Record<string, Record<string, RawOperation>> })
    .paths;
  const operations = new Map<string, OperationSpec>();
  for (const { method, path } of served) {
    const raw = paths[path]?.[method.toLowerCase()];
    if (!raw) throw new Error(`GitHub's OpenAPI description has no ${method} ${path}`);
    operations.set(raw.operationId, cut(raw));
  }
  const errorSchema = (path: string, method: string, status: string): Schema => {
    const schema = paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`GitHub's OpenAPI description has no ${status} body for ${method} ${path}`);
    return schema;
  };
  return {
    operations,
    basicError: errorSchema('/user', 'get', '401'),
    validationError: errorSchema('/repos/{owner}/{repo}/pulls', 'post', '422'),
    loadMs: Math.round(performance.now() - started),
  };
}

function cut(raw: RawOperation): OperationSpec {
  const responses = new Map<number, Schema | null>();
  for (const [status, r] of Object.entries(raw.responses))
    responses.set(Number(status), r.content?.['application/json']?.schema ?? null);
  const body = raw.requestBody?.content['application/json']?.schema;
  return {
    operationId: raw.operationId,
    docsUrl: raw.externalDocs?.url ?? 'https://docs.github.com/rest',
    parameters: raw.parameters ?? [],
    requestBody: body ? { required: raw.requestBody?.required === true, schema: body } : undefined,
    responses,
  };
}

const AJV_OPTIONS = { strict: false, allErrors: true, logger: false, code: { optimize: false } } as const;

/** Validators compiled on first use and kept: bodies as sent, parameters coerced from their string form. */
export class Validators {
  // The schemas are huge and each is compiled once: ajv's code optimiser would triple the compile time for nothing.
  private readonly strict: Ajv;
  private readonly coercing: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    readonly spec: Spec,
    make: MakeAjv,
  ) {
    this.strict = make({ ...AJV_OPTIONS });
    this.coercing = make({ ...AJV_OPTIONS, coerceTypes: true, useDefaults: true });
  }

  /** Checks and coerces (in place) the path or query parameters of an operation. */
  params(op: OperationSpec, where: 'path' | 'query', values: Record<string, unknown>): Issue[] {
    const validate = this.compiled(`${op.operationId} ${where}`, this.coercing, () => {
      const own = op.parameters.filter((p) => p.in === where);
      return {
        type: 'object',
        properties: Object.fromEntries(own.map((p) => [p.name, p.schema ?? {}])),
        required: own.filter((p) => p.required).map((p) => p.name),
      };
    });
    return this.run(validate, values, where === 'path' ? '' : 'query');
  }

  body(op: OperationSpec, value: unknown): Issue[] {
    const schema = op.requestBody?.schema;
    if (!schema) return [];
    return this.run(
      this.compiled(`${op.operationId} body`, this.strict, () => schema),
      value,
      '',
    );
  }

  /** Checks a response body; a status the operation does not list is held to GitHub's generic error shapes. */
  response(op: OperationSpec, status: number, body: unknown): Issue[] {
    const listed = op.responses.get(status);
    if (listed === null) return body === undefined ? [] : [{ path: '', message: 'must have no body', keyword: 'body' }];
    if (listed === undefined && status < 400)
      return [{ path: '', message: `status ${status} is not a response of ${op.operationId}`, keyword: 'status' }];
    const schema = listed ?? (status === 422 ? this.spec.validationError : this.spec.basicError);
    return this.run(
      this.compiled(`${op.operationId} ${status}`, this.strict, () => schema),
      body,
      '',
    );
  }

  private compiled(key: string, ajv: Ajv, schema: () => Schema): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = ajv.compile(schema());
      this.cache.set(key, v);
    }
    return v;
  }

  private run(validate: ValidateFunction, value: unknown, prefix: string): Issue[] {
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => issue(e, prefix));
  }
}

function issue(e: ErrorObject, prefix: string): Issue {
  const missing = e.keyword === 'required' ? String(e.params.missingProperty) : undefined;
  const path = [prefix, e.instancePath.replace(/^\//, '').replaceAll('/', '.'), missing].filter(Boolean).join('.');
  return { path, message: e.message ?? e.keyword, keyword: e.keyword, ...(missing ? { missing } : {}) };
}
