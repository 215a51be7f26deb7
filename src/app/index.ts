// The running bot put together: the fixer loop with the auto-approve policy. Other modules import only what is exported here.
export { startFixerWithPolicy } from './with-policy.js';
