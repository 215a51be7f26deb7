// Column definitions and shared cell helpers of the server-side printers (printers.ts, printers-workloads.ts).
import type { Fields, KubeObject } from './types.js';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: Column[];
  cells(obj: KubeObject, now: number): unknown[];
}

export function col(name: string, type: Column['type'] = 'string', priority = 0, format = ''): Column {
  return { name, type, format, description: `${name} column`, priority };
}

export const NAME = col('Name', 'string', 0, 'name');
export const AGE = col('Age');
export const TEMPLATE_COLUMNS = [
  col('Containers', 'string', 1),
  col('Images', 'string', 1),
  col('Selector', 'string', 1),
];

export function templateCells(spec: Fields | undefined, selector: unknown): string[] {
  const containers = (spec?.template?.spec?.containers ?? []) as Fields[];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), formatSelector(selector)];
}

export function formatSelector(selector: unknown): string {
  const labels = (selector as Fields | undefined)?.matchLabels ?? selector;
  if (!labels || typeof labels !== 'object') return '<none>';
  const parts = Object.entries(labels as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<none>';
}

export const none = (v: unknown): string => (v === undefined || v === null || v === '' ? '<none>' : String(v));
