// Server-side printing: the columns and cells `kubectl get` shows for each kind (ports of the API server's printers).
import { since } from './duration.js';
import { AGE, col, NAME, type Printer } from './printer-columns.js';
import { WORKLOAD_PRINTERS } from './printers-workloads.js';
import type { Fields } from './types.js';

export const PRINTERS: Record<string, Printer> = {
  ...WORKLOAD_PRINTERS,
  Namespace: {
    columns: [NAME, col('Status'), AGE],
    cells: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', since(o.metadata.creationTimestamp, now)],
  },
  ConfigMap: {
    columns: [NAME, col('Data', 'integer'), AGE],
    cells: (o, now) => [
      o.metadata.name,
      Object.keys((o.data as Fields | undefined) ?? {}).length +
        Object.keys((o.binaryData as Fields | undefined) ?? {}).length,
      since(o.metadata.creationTimestamp, now),
    ],
  },
  Secret: {
    columns: [NAME, col('Type'), col('Data', 'integer'), AGE],
    cells: (o, now) => [
      o.metadata.name,
      o.type ?? 'Opaque',
      Object.keys((o.data as Fields | undefined) ?? {}).length,
      since(o.metadata.creationTimestamp, now),
    ],
  },
  ServiceAccount: {
    columns: [NAME, col('Secrets', 'integer'), AGE],
    cells: (o, now) => [
      o.metadata.name,
      ((o.secrets as unknown[] | undefined) ?? []).length,
      since(o.metadata.creationTimestamp, now),
    ],
  },
  Event: {
    columns: [
      col('Last Seen'),
      col('Type'),
      col('Reason'),
      col('Object'),
      col('Subobject', 'string', 1),
      col('Source', 'string', 1),
      col('Message'),
      col('First Seen', 'string', 1),
      col('Count', 'integer', 1),
      col('Name', 'string', 1, 'name'),
    ],
    cells: (o, now) => {
      const io = (o.involvedObject ?? {}) as Fields;
      const src = (o.source ?? {}) as Fields;
      const last = o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp;
      return [
        since(last, now),
        o.type ?? '',
        o.reason ?? '',
        `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
        io.fieldPath ?? '',
        [src.component, src.host].filter(Boolean).join(', '),
        o.message ?? '',
        since(o.firstTimestamp ?? last, now),
        o.count ?? 1,
        o.metadata.name,
      ];
    },
  },
};

export const DEFAULT_PRINTER: Printer = {
  columns: [NAME, AGE],
  cells: (o, now) => [o.metadata.name, since(o.metadata.creationTimestamp, now)],
};
