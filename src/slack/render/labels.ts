// Words and marks shared by every message: states, actors, workloads, and how long an action's effect lasts.

import type { IncidentState } from '../../core/index.js';
import type { Decision, Incident } from '../../store/index.js';
import { code, type Mrkdwn, md, mention, raw, text, untrusted } from './escape.js';

export const STATE_MARK: Record<IncidentState, string> = {
  open: ':mag:',
  diagnosing: ':hourglass_flowing_sand:',
  proposed: ':memo:',
  revising: ':hourglass_flowing_sand:',
  no_fix: ':thinking_face:',
  diagnosis_failed: ':warning:',
  approved: ':white_check_mark:',
  rejected: ':no_entry_sign:',
  expired: ':hourglass:',
  applying: ':gear:',
  pr_open: ':twisted_rightwards_arrows:',
  syncing: ':arrows_counterclockwise:',
  applied: ':eyes:',
  apply_failed: ':x:',
  verified: ':large_green_circle:',
  regressed: ':rotating_light:',
  rolled_back: ':leftwards_arrow_with_hook:',
  resolved: ':large_green_circle:',
};

export const STATE_WORDS: Record<IncidentState, string> = {
  open: 'detected',
  diagnosing: 'diagnosing',
  proposed: 'fix proposed',
  revising: 'revising',
  no_fix: 'no automatic fix',
  diagnosis_failed: 'diagnosis failed',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'proposal expired',
  applying: 'applying',
  pr_open: 'pull request open',
  syncing: 'merged, waiting for sync',
  applied: 'applied, verifying',
  apply_failed: 'apply failed',
  verified: 'verified',
  regressed: 'regressed',
  rolled_back: 'rolled back',
  resolved: 'resolved',
};

/** "slack:U123" → a mention; "policy:staging" → the rule; anything else (cli:alice, fixer) as escaped text. */
export function actor(name: string): Mrkdwn {
  const slack = /^slack:([UW][A-Z0-9]{2,20})$/.exec(name);
  if (slack) return mention(slack[1]!);
  const policy = /^policy:(.+)$/.exec(name);
  if (policy) return md`policy rule ${code(policy[1]!, 64)}`;
  return text(name);
}

/** "approved by @alice" / "auto-approved by policy rule `staging`". */
export function decidedBy(decision: Decision): Mrkdwn {
  const verb =
    decision.decision === 'approve'
      ? decision.via === 'policy'
        ? 'auto-approved'
        : 'approved'
      : decision.decision === 'reject'
        ? 'rejected'
        : 'rolled back';
  return md`${raw(verb)} by ${actor(decision.actor)}`;
}

export const workload = (i: Pick<Incident, 'workloadKind' | 'workloadName'>): Mrkdwn =>
  untrusted(`${i.workloadKind.toLowerCase()}/${i.workloadName}`, 300);

/** How long what an action does lasts: the reviewer's main question about a hotfix. */
export const PERSISTENCE: Record<'edit_file' | 'exec' | 'restart_pod' | 'patch_workload' | 'edit_repo_file', string> = {
  edit_file: 'hotfix, lost on restart',
  exec: 'hotfix, lost on restart',
  restart_pod: 'one-off: the controller recreates the pod',
  patch_workload: 'persistent: rolls out through the workload',
  edit_repo_file: 'lasting: a pull request to the manifests repository, synced by the GitOps controller',
};

export const RISK_MARK: Record<'low' | 'medium' | 'high', string> = {
  low: ':large_green_circle:',
  medium: ':large_yellow_circle:',
  high: ':red_circle:',
};
