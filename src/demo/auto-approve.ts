// A stand-in for the auto-approve policy, which arrives with the Slack issue: the demo approves proposals in its
// trusted namespace itself, as actor demo:auto-approve, and waits for the verdict. Nothing outside the demo does this.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DecisionService } from '../fixer/decide/index.js';
import type { Incident, IncidentState, Store } from '../store/index.js';
import { title, type Say } from './narrate.js';
import { TRUSTED } from './scenario.js';

export const DEMO_ACTOR = 'demo:auto-approve';

async function verdict(store: Store, id: number, timeoutMs: number): Promise<IncidentState | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = store.getIncident(id)?.state;
    if (state !== 'applied' || Date.now() > deadline) return state;
    await sleep(200);
  }
}

/** Approves every proposed incident in the trusted namespace and reports apply and verification. */
export async function autoApprove(say: Say, store: Store, decisions: DecisionService, incidents: Incident[], windowSeconds: number): Promise<void> {
  const trusted = incidents.filter((i) => i.namespace === TRUSTED && store.getIncident(i.id)?.state === 'proposed');
  if (trusted.length === 0) return;
  say(`Auto-approve (a stand-in): ${TRUSTED} is the demo's trusted namespace, so the demo approves its proposals itself`);
  say(`as ${DEMO_ACTOR}. The real auto-approve policy (trusted namespaces, allowed actions, rate limits, pause)`);
  say('arrives with the Slack issue.');
  for (const incident of trusted) {
    const result = await decisions.approve(incident.id, DEMO_ACTOR, 'policy');
    say(`  ${title(incident)}: ${result.message}`);
    if (result.outcome !== 'applied') continue;
    say(`      The sandbox rolls the Deployment out; Clopus watches it for ${windowSeconds} s…`);
    const state = await verdict(store, incident.id, (windowSeconds + 30) * 1000);
    const why = store.auditTrail(incident.id).findLast((a) => a.toState === state)?.detail;
    const detail = why ? (JSON.parse(why) as { detail?: string }).detail : undefined;
    say(`      ${state}${detail ? `: ${detail}` : ''}`);
  }
}
