// Incident views built by hand, for rendering tests that need no store and no Slack.

import type { IncidentState } from '../../src/core/index.js';
import type { Proposal } from '../../src/planner/index.js';
import { actionsHash } from '../../src/remediation/decide/index.js';
import type { IncidentView, ProposalView } from '../../src/slack/index.js';
import type { Decision, Incident } from '../../src/store/index.js';

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 12,
    fingerprint: 'prod/shop/Deployment/web/app/CrashLoopBackOff',
    cluster: 'prod',
    namespace: 'shop',
    workloadKind: 'Deployment',
    workloadName: 'web',
    container: 'app',
    reason: 'CrashLoopBackOff',
    message: 'back-off restarting failed container (exit 1)',
    state: 'open',
    pods: [
      { name: 'web-1', uid: 'u1', restarts: 4, message: 'crash', exitCode: 1, lastSeenAt: '2025-03-01T12:00:00.000Z' },
    ],
    restarts: 4,
    firstSeenAt: '2025-03-01T11:58:00.000Z',
    lastSeenAt: '2025-03-01T12:00:00.000Z',
    detectedAt: '2025-03-01T11:58:00.000Z',
    resolvedAt: null,
    reopenCount: 0,
    createdAt: '2025-03-01T11:58:00.000Z',
    updatedAt: '2025-03-01T12:00:00.000Z',
    ...overrides,
  };
}

export const PROPOSAL: Proposal = {
  summary: { rootCause: 'The config points at a missing database host.', confidence: 'medium', risk: 'medium' },
  actions: [
    {
      type: 'edit_file',
      reason: 'Point the config at the right host',
      pod: 'web-1',
      container: 'app',
      path: '/etc/web/config.yaml',
      content: 'db: ok\n',
    },
    { type: 'patch_workload', reason: 'Raise the memory limit', patch: { spec: {} } },
  ],
};

/** A proposal view; its actions hash follows the actions given (or PROPOSAL's), as the store's view computes it. */
export function proposal(overrides: Partial<ProposalView> = {}): ProposalView {
  const actions = (overrides.proposal ?? PROPOSAL).actions;
  return {
    id: 5,
    status: 'pending',
    createdAt: '2025-03-01T12:00:00.000Z',
    proposal: PROPOSAL,
    diff: '1. edit_file /etc/web/config.yaml in shop/web-1/app\n--- a\n+++ b\n-db: bad\n+db: ok\n',
    actionsHash: actionsHash(actions),
    decision: undefined,
    rollback: undefined,
    ...overrides,
  };
}

export function decision(overrides: Partial<Decision> = {}): Decision {
  return {
    id: 1,
    proposalId: 5,
    incidentId: 12,
    actor: 'slack:U0ALICE',
    decision: 'approve',
    at: '2025-03-01T12:05:00.000Z',
    via: 'slack',
    detail: null,
    ...overrides,
  };
}

export function view(state: IncidentState, overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    incident: incident({ state }),
    evidence: undefined,
    diagnosis: undefined,
    proposals: [],
    note: undefined,
    revisions: [],
    ...overrides,
  };
}

/** Every mrkdwn or plain text in a message's blocks. */
export function texts(blocks: unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}
