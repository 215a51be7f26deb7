// CPU and memory quantities compared as numbers, for the resources class's bounds.
import { parseMemory } from '../runbooks/quantity.js';

const CPU = /^(\d+(?:\.\d+)?)(m)?$/;

/** Cores in a CPU quantity ("500m" → 0.5, "2" → 2); undefined when it is not one. */
export function parseCpu(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) && quantity >= 0 ? quantity : undefined;
  if (typeof quantity !== 'string') return undefined;
  const m = CPU.exec(quantity.trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1]) / 1000 : Number(m[1]);
}

/** Bytes or cores, by resource name; only cpu and memory are in the class. */
export function parseResource(resource: 'cpu' | 'memory', quantity: unknown): number | undefined {
  if (resource === 'cpu') return parseCpu(quantity);
  return typeof quantity === 'string' || typeof quantity === 'number' ? parseMemory(quantity) : undefined;
}
