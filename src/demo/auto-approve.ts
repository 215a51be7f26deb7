// The demo's trusted namespace goes through the real auto-approve policy (the rule in demo.yaml), wired exactly as
// in `clopus serve` (fixer/with-policy.ts): every proposal there is put to the policy as its diagnosis ends, the
// first batch and any recurrence alike. This file only narrates what the policy did and waits for the verdict.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncidentState } from '../core/index.js';
import type { AutoApproveOutcome } from '../policy/index.js';
import type { Incident, Store } from '../store/index.js';
import { type Say, title } from './narrate.js';
import { TRUSTED } from './scenario.js';

/** States whose diagnosis made no proposal, so the policy is never asked about them. */
const NO_PROPOSAL: readonly IncidentState[] = ['no_fix', 'diagnosis_failed', 'resolved'];

export const outcomeText = (o: AutoApproveOutcome): string => ('message' in o ? o.message : o.reason);

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe() && Date.now() < deadline) await sleep(100);
  return probe();
}

async function verdict(store: Store, id: number, timeoutMs: number): Promise<IncidentState | undefined> {
  await until(() => store.getIncident(id)?.state !== 'applied', timeoutMs);
  return store.getIncident(id)?.state;
}

/** Tells what the policy did about the first batch's trusted incidents, and waits for each applied fix's verdict. */
export async function narrateAutoApprovals(
  say: Say,
  store: Store,
  outcomes: ReadonlyMap<number, AutoApproveOutcome>,
  incidents: Incident[],
  windowSeconds: number,
): Promise<void> {
  const trusted = incidents.filter((i) => i.namespace === TRUSTED);
  await until(
    () => trusted.every((i) => outcomes.has(i.id) || NO_PROPOSAL.includes(store.getIncident(i.id)?.state ?? 'open')),
    60_000,
  );
  const judged = trusted.filter((i) => outcomes.has(i.id));
  if (judged.length === 0) return;
  say(
    `Auto-approve: ${TRUSTED} is trusted by the policy rule "demo-trusted" (change classes resources, image-rollback and restart-pod; at most 3 an hour);`,
  );
  say(
    'every fix proposed there, now or later, is approved by the policy, with the same audit trail as a click. Other namespaces wait for a person.',
  );
  for (const incident of judged) {
    const outcome = outcomes.get(incident.id)!;
    say(`  ${title(incident)}: ${outcomeText(outcome)}`);
    if (outcome.outcome !== 'approved') continue;
    say(`      The sandbox rolls the Deployment out; Clopus watches it for ${windowSeconds} s…`);
    const state = await verdict(store, incident.id, (windowSeconds + 30) * 1000);
    const why = store.auditTrail(incident.id).findLast((a) => a.toState === state)?.detail;
    const detail = why ? (JSON.parse(why) as { detail?: string }).detail : undefined;
    say(`      ${state}${detail ? `: ${detail}` : ''}`);
  }
}
