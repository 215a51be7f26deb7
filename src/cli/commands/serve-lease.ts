// One `clopus serve` per database: the lease lives with the rest of the running bot (app/lease.ts), which takes it
// when `startApp` is asked to; re-exported here for what names it by the command.
export { holdServeLease, LEASE_TTL_MS, type ServeLease } from '../../app/index.js';
