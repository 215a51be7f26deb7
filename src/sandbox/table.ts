// meta.k8s.io/v1 Table responses, which `kubectl get` asks for to print its columns.

import type { ResourceDef } from './kinds.js';
import { DEFAULT_PRINTER, PRINTERS } from './printers.js';
import type { KubeObject } from './types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  includeObject: IncludeObject;
  now: number;
  resourceVersion?: string;
  continueToken?: string;
  remaining?: number;
  /** Shapes the row's object for the resource's API version (events.k8s.io). */
  view: (obj: KubeObject) => KubeObject;
  /** Watches send the column definitions only with the first event. */
  omitColumns?: boolean;
}

/** Whether an Accept header asks for a Table (kubectl: `application/json;as=Table;v=v1;g=meta.k8s.io,…`). */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

export function parseIncludeObject(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function rowObject(obj: KubeObject, opts: TableOptions): unknown {
  if (opts.includeObject === 'None') return undefined;
  if (opts.includeObject === 'Object') return opts.view(obj);
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function toTable(def: ResourceDef, objs: KubeObject[], opts: TableOptions): Record<string, unknown> {
  const printer = PRINTERS[def.storedAs ?? def.kind] ?? DEFAULT_PRINTER;
  const metadata: Record<string, unknown> = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continueToken) metadata.continue = opts.continueToken;
  if (opts.remaining !== undefined) metadata.remainingItemCount = opts.remaining;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    ...(opts.omitColumns ? {} : { columnDefinitions: printer.columns }),
    rows: objs.map((obj) => {
      const object = rowObject(obj, opts);
      return { cells: printer.cells(obj, opts.now), ...(object === undefined ? {} : { object }) };
    }),
  };
}
