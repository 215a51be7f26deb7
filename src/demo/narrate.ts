// What the demo prints: each incident as detected, its diagnosis, and how to act on what waits for a person.
// Everything is read back from the store, as `clopus show` would.

import { packagePath } from '../package-root.js';
import { loadLatestProposal } from '../planner/index.js';
import type { Incident, Store } from '../store/index.js';
import { GITOPS } from './gitops.js';
import { GUARDED, TRUSTED } from './scenario.js';

/** The package's own bin (bin/clopus.js, from src/ or dist/ alike): it runs from any directory, with no npm banner. */
export const CLOPUS_BIN = packagePath('bin', 'clopus.js');

/** A word as a POSIX shell reads it back unchanged. */
const sh = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

export type Say = (text?: string) => void;

export const title = (i: Incident): string =>
  `#${i.id} ${i.namespace}/${i.workloadKind.toLowerCase()}/${i.workloadName}`;

export function detected(say: Say, store: Store, incidents: Incident[]): void {
  say('Detected:');
  for (const incident of incidents) {
    const evidence = store.latestEvidence(incident.id);
    say(
      `  #${incident.id} ${incident.reason} in ${incident.namespace}/${incident.workloadKind.toLowerCase()}/${incident.workloadName}: ${incident.pods.length} pod(s), ${incident.restarts} restarts`,
    );
    say(`      ${incident.message}`);
    const lastLine = evidence?.logTail.trim().split('\n').at(-1);
    if (lastLine) say(`      last log line: ${lastLine}`);
  }
  say('  One incident per workload (3 crashing api replicas are one), with redacted evidence');
  say('  (the database password in the api log is stored as [REDACTED]).');
}

/** One incident's diagnosis in a line or two; says plainly when only a model could help. */
export function diagnosis(say: Say, store: Store, incident: Incident, modelKey: boolean): void {
  const current = store.getIncident(incident.id) ?? incident;
  const last = store.listDiagnoses(incident.id).at(-1);
  if (current.state === 'diagnosing' || current.state === 'open') {
    say(`  ${title(current)}: being diagnosed${modelKey ? ' by Claude Code (plan mode, read-only tools)' : ''}…`);
    return;
  }
  const proposal =
    current.state === 'no_fix' || current.state === 'diagnosis_failed'
      ? undefined
      : loadLatestProposal(store, incident.id);
  if (proposal) {
    say(
      `  ${title(current)}: proposed by the ${last?.planner ?? 'runbook'} planner (risk ${proposal.proposal.summary.risk})`,
    );
    for (const a of proposal.proposal.actions) say(`      ${a.type}: ${a.reason}`);
    return;
  }
  say(`  ${title(current)}: ${current.state.replace('_', ' ')}: ${last?.explanation ?? last?.error ?? ''}`);
  if (!modelKey && current.reason === 'CrashLoopBackOff') {
    say('      Runbooks cannot fix a broken config file. With ANTHROPIC_API_KEY set, Claude Code would be asked');
    say('      (plan mode, read-only tools) to read /etc/api/config.yaml through the config-sync sidecar, which');
    say('      shares the volume (api itself is not running), and propose an edit; this demo shows no made-up');
    say('      model output.');
  }
}

/** Where another terminal finds the demo's database and cluster, and the demo's verify window. */
export interface DemoContext {
  db: string;
  kubeconfig: string;
  verifyWindowSeconds: number;
  /** `--once`: the sandbox stops as the demo exits, so no command printed could work. */
  once: boolean;
}

/** The command lines that review, approve and reject a proposal from another terminal, as they are printed. */
export function commands(
  ctx: DemoContext,
  incidentId: number,
  proposalId: number,
): { show: string; approve: string; reject: string } {
  const db = `CLOPUS_DB_PATH=${sh(ctx.db)}`;
  const bin = sh(CLOPUS_BIN);
  return {
    show: `${db} ${bin} show ${incidentId}`,
    // The window comes along, so a pasted `approve --wait` judges the fix as the demo does, not over two minutes.
    approve: `${db} KUBECONFIG=${sh(ctx.kubeconfig)} CLOPUS_VERIFY_WINDOW_SECONDS=${ctx.verifyWindowSeconds} ${bin} approve ${incidentId} --proposal ${proposalId} --wait`,
    reject: `${db} ${bin} reject ${incidentId} --proposal ${proposalId} --reason TEXT`,
  };
}

/** How to review and approve a proposal from another terminal, with this demo's database and cluster. */
export function waiting(say: Say, store: Store, incident: Incident, ctx: DemoContext): void {
  const proposal = loadLatestProposal(store, incident.id);
  if (!proposal) return;
  say(`  ${title(incident)} waits for a person (${GUARDED} is not a trusted namespace). The diff a reviewer sees:`);
  for (const line of proposal.diff.trimEnd().split('\n')) say(`      ${line}`);
  if (ctx.once) {
    say('    The commands that approve or reject it from another terminal are printed when the demo keeps running');
    say('    (npm run demo, without --once): this run stops its sandbox cluster as it exits.');
    return;
  }
  const cmd = commands(ctx, incident.id, proposal.id);
  say('    From another terminal:');
  say(`      ${cmd.show}`);
  say(`      ${cmd.approve}`);
  say(`    or reject it with: ${cmd.reject}`);
  say('    The demo rolls the Deployment out and verifies the fix; approve --wait returns with its verdict.');
}

export function summary(say: Say, store: Store, ids: number[]): string {
  const parts = ids
    .map((id) => store.getIncident(id))
    .filter((i): i is Incident => i !== undefined)
    .map(
      (i) =>
        `${title(i)} ${i.state}${i.state === 'proposed' ? ' (waiting for approval)' : ''}${i.namespace === TRUSTED && i.state === 'verified' ? ' (auto-approved, applied, verified)' : ''}${i.namespace === GITOPS && i.state === 'verified' ? ' (pull request opened by the policy, merged, synced by Argo CD, verified)' : ''}${i.state === 'pr_open' ? ' (pull request open, waiting for a merge)' : ''}${i.namespace === GUARDED && i.state === 'verified' && store.revisionsOf(i.id).length > 0 ? ' (changes requested in Slack, revised, approved, verified)' : ''}`,
    );
  const text = `Summary: ${parts.join('; ')}.`;
  say(text);
  return text;
}
