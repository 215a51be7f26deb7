// The single-instance lease (lease.ts).

import { guarded } from '../connection.js';
import type { StoreContext } from '../context.js';
import type { LeaseClaim, LeaseHolder } from '../lease.js';
import { acquireLease, leaseHolder, releaseLease, renewLease } from '../lease.js';

export interface LeaseRepository {
  /** The single-instance lease (lease.ts): taken unless a holder `gone` does not judge gone, renewed, released. */
  acquireLease(name: string, me: { host: string; pid: number }, gone: (holder: LeaseHolder) => boolean): LeaseClaim;
  renewLease(name: string, holder: LeaseHolder): boolean;
  leaseHolder(name: string): LeaseHolder | undefined;
  releaseLease(name: string, holder: LeaseHolder): void;
}

/** Lease operations over the store's one connection. */
export function leaseRepository(ctx: StoreContext): LeaseRepository {
  return {
    acquireLease: guarded('acquireLease', (name, me, gone) => acquireLease(ctx, name, me, gone)),
    renewLease: guarded('renewLease', (name, holder) => renewLease(ctx, name, holder)),
    leaseHolder: guarded('leaseHolder', (name) => leaseHolder(ctx, name)),
    releaseLease: guarded('releaseLease', (name, holder) => releaseLease(ctx, name, holder)),
  };
}
