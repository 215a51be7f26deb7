// The running bot put together (app.ts): the store and its lease, the fixer loop with the auto-approve policy, the
// detector, the dashboard and Slack, for `clopus serve` and the demo alike. Other modules import only what is exported here.
export { type App, type AppDeps, startApp } from './app.js';
export { holdServeLease, LEASE_TTL_MS, type ServeLease } from './lease.js';
export { startFixerWithPolicy } from './with-policy.js';
