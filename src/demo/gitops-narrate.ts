// What the demo tells about its GitOps workload: who manages it, the pull request the policy opened (never merged),
// and then either the command a reviewer's merge button sends (interactive) or that merge done here (--once),
// followed to the sync and the verdict. Read back from the store, as `clopus show` would.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncidentState } from '../core/index.js';
import type { Incident, Store } from '../store/index.js';
import { type GitOpsStage, REPO } from './gitops.js';
import { type Say, title } from './narrate.js';

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe() && Date.now() < deadline) await sleep(100);
  return probe();
}

const BEFORE_PR: readonly IncidentState[] = ['open', 'diagnosing', 'proposed', 'approved', 'applying'];

export async function narrateGitOps(
  say: Say,
  store: Store,
  stage: GitOpsStage,
  incident: Incident | undefined,
  opts: { once: boolean; windowSeconds: number },
): Promise<void> {
  if (!incident) return;
  const state = () => store.getIncident(incident.id)?.state ?? 'open';
  await until(() => !BEFORE_PR.includes(state()), 60_000);
  const current = store.getIncident(incident.id) ?? incident;
  say(`GitOps: ${title(current)} is ${current.manager?.description ?? 'not managed by anything Clopus could find'}.`);
  const pr = store.latestPullRequest(incident.id);
  if (current.state !== 'pr_open' || !pr || pr.number === null) {
    say(`  It is ${current.state}; clopus show ${incident.id} says why.`);
    return;
  }
  say(
    `  The policy rule "demo-gitops" approved the fix, so Clopus pushed ${pr.branch} and opened pull request #${pr.number}`,
  );
  say(`  on the local forge (${pr.url}). A policy may open pull requests; it never merges them. The diff on the PR:`);
  const diff = store.getProposal(pr.proposalId)?.diff ?? '';
  for (const line of diff.trimEnd().split('\n')) say(`      ${line}`);
  if (!opts.once) {
    say('  Merge it as a reviewer would, from another terminal (the GitHub API call behind the merge button):');
    say(`      ${stage.mergeCommand(pr.number)}`);
    say("  The sandbox's Argo CD then syncs the merge commit, the pods heal, and Clopus verifies the fix.");
    return;
  }
  say(`  Merging it as a reviewer would on GitHub (PUT /repos/${REPO}/pulls/${pr.number}/merge, as demo-reviewer)…`);
  await stage.forge.github.mergePull(REPO, pr.number, 'demo-reviewer');
  await until(() => state() !== 'pr_open' && state() !== 'syncing', 60_000);
  const synced = store.latestPullRequest(incident.id);
  if (state() !== 'applied' && state() !== 'verified' && state() !== 'regressed') {
    say(`  After the merge the incident is ${state()}; clopus show ${incident.id} says why.`);
    return;
  }
  say(
    `      merged by ${synced?.mergedBy ?? '?'}; Argo CD synced ${synced?.syncedRevision?.slice(0, 12) ?? 'the merge commit'}; Clopus watches the pods for ${opts.windowSeconds} s…`,
  );
  await until(() => state() !== 'applied', (opts.windowSeconds + 30) * 1000);
  say(`      ${state()}`);
}
