// The demo's trusted namespace goes through the real auto-approve policy (the rule in demo.yaml), exactly as in
// `clopus serve`; this file only narrates what the policy did and waits for the verdict.
import { setTimeout as sleep } from 'node:timers/promises';
import { autoApprove as applyPolicy, type AutoApproveDeps } from '../policy/index.js';
import type { Incident, IncidentState, Store } from '../store/index.js';
import { title, type Say } from './narrate.js';
import { TRUSTED } from './scenario.js';

async function verdict(store: Store, id: number, timeoutMs: number): Promise<IncidentState | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = store.getIncident(id)?.state;
    if (state !== 'applied' || Date.now() > deadline) return state;
    await sleep(200);
  }
}

/** Runs the policy on every proposed incident in the trusted namespace and reports apply and verification. */
export async function autoApprove(say: Say, store: Store, policy: AutoApproveDeps, incidents: Incident[], windowSeconds: number): Promise<void> {
  const trusted = incidents.filter((i) => i.namespace === TRUSTED && store.getIncident(i.id)?.state === 'proposed');
  if (trusted.length === 0) return;
  say(`Auto-approve: ${TRUSTED} is trusted by the policy rule "demo-trusted" (change classes resources, image-rollback and restart-pod; at most 3 an hour);`);
  say('a fix there is approved by the policy, with the same audit trail as a click. Other namespaces wait for a person.');
  for (const incident of trusted) {
    const result = await applyPolicy(policy, incident.id);
    say(`  ${title(incident)}: ${'message' in result ? result.message : result.reason}`);
    if (result.outcome !== 'approved') continue;
    say(`      The sandbox rolls the Deployment out; Clopus watches it for ${windowSeconds} s…`);
    const state = await verdict(store, incident.id, (windowSeconds + 30) * 1000);
    const why = store.auditTrail(incident.id).findLast((a) => a.toState === state)?.detail;
    const detail = why ? (JSON.parse(why) as { detail?: string }).detail : undefined;
    say(`      ${state}${detail ? `: ${detail}` : ''}`);
  }
}
