// Many store operations as one transaction: for bulk loads (imports, benchmarks), where a commit per row is the cost.
import type { StoreContext } from './context.js';

/**
 * Runs `fn` in one BEGIN IMMEDIATE transaction; store operations called inside become savepoints of it, so they
 * keep their all-or-nothing guarantees and a throw rolls back everything `fn` did.
 */
export function batch<T>(ctx: StoreContext, fn: () => T): T {
  return ctx.write(fn);
}
