import { describe, expect, it } from 'vitest';
import { checkProposal, type ProposalScope } from '../../../src/planner/proposal/check.js';
import { MAX_FILE_BYTES, Proposal, type ProposalAction } from '../../../src/planner/proposal/schema.js';

const scope: ProposalScope = {
  namespace: 'shop',
  workload: { kind: 'Deployment', name: 'web' },
  pods: ['web-7d9c-abcde', 'web-7d9c-fghij'],
  containers: ['app', 'init-db'],
  serviceAccountName: 'web',
};

const summary = { rootCause: 'The config points at the wrong port.', confidence: 'high', risk: 'low' } as const;
const pod = 'web-7d9c-abcde';

function verdict(action: ProposalAction, s: ProposalScope = scope): string[] {
  return checkProposal({ summary, actions: [action] }, s);
}

const patch = (spec: Record<string, unknown>): ProposalAction => ({
  type: 'patch_workload',
  reason: 'r',
  patch: { spec },
});
const podSpec = (spec: Record<string, unknown>): ProposalAction => patch({ template: { spec } });

describe('checkProposal accepts', () => {
  it.each<[string, ProposalAction]>([
    [
      'an edit of an incident pod',
      {
        type: 'edit_file',
        reason: 'fix port',
        pod,
        container: 'app',
        path: '/etc/app/config.yaml',
        content: 'port: 8080\n',
      },
    ],
    ['the incident namespace stated explicitly', { type: 'restart_pod', reason: 'reload', pod, namespace: 'shop' }],
    [
      'an exec with an argv',
      { type: 'exec', reason: 'reload', pod, container: 'app', argv: ['nginx', '-s', 'reload'] },
    ],
    ['a memory limit patch', podSpec({ containers: [{ name: 'app', resources: { limits: { memory: '512Mi' } } }] })],
    [
      'a workload kind and name that match',
      { type: 'patch_workload', reason: 'r', kind: 'Deployment', name: 'web', patch: { spec: { replicas: 2 } } },
    ],
  ])('%s', (_name, action) => {
    expect(verdict(action)).toEqual([]);
  });
});

describe('checkProposal refuses', () => {
  it.each<[string, ProposalAction, RegExp]>([
    [
      'another namespace',
      { type: 'restart_pod', reason: 'r', pod, namespace: 'kube-system' },
      /namespace "kube-system" is not the incident's namespace "shop"/,
    ],
    [
      'a pod outside the incident',
      { type: 'restart_pod', reason: 'r', pod: 'db-0' },
      /pod "db-0" is not one of the incident's pods/,
    ],
    [
      'an unknown container',
      { type: 'exec', reason: 'r', pod, container: 'sidecar', argv: ['ls'] },
      /container "sidecar" is not a container/,
    ],
    [
      'a relative path',
      { type: 'edit_file', reason: 'r', pod, container: 'app', path: 'etc/app.conf', content: '' },
      /must be absolute/,
    ],
    [
      'a .. segment',
      { type: 'edit_file', reason: 'r', pod, container: 'app', path: '/etc/../root/.ssh/authorized_keys', content: '' },
      /"\." or "\.\." segments/,
    ],
    [
      'a file under /proc',
      { type: 'edit_file', reason: 'r', pod, container: 'app', path: '/proc/sys/kernel/panic', content: '1' },
      /not files to edit/,
    ],
    [
      'a file over the cap',
      {
        type: 'edit_file',
        reason: 'r',
        pod,
        container: 'app',
        path: '/a',
        content: 'é'.repeat(MAX_FILE_BYTES / 2 + 1),
      },
      /over the 262144-byte cap/,
    ],
    ['an empty argv', { type: 'exec', reason: 'r', pod, container: 'app', argv: [] }, /argv is empty/],
    [
      'an argv with an empty command',
      { type: 'exec', reason: 'r', pod, container: 'app', argv: [''] },
      /argv is empty/,
    ],
    [
      'another workload',
      { type: 'patch_workload', reason: 'r', name: 'db', patch: { spec: { replicas: 1 } } },
      /workload "db" is not the incident's workload "web"/,
    ],
    [
      'another kind',
      { type: 'patch_workload', reason: 'r', kind: 'StatefulSet', patch: { spec: { replicas: 1 } } },
      /kind "StatefulSet"/,
    ],
    [
      'a rename',
      { type: 'patch_workload', reason: 'r', patch: { metadata: { name: 'web2' } } },
      /metadata.name: a patch must not rename or move/,
    ],
    [
      'a move',
      { type: 'patch_workload', reason: 'r', patch: { metadata: { namespace: 'default' } } },
      /metadata.namespace/,
    ],
    ['an empty patch', { type: 'patch_workload', reason: 'r', patch: {} }, /the patch is empty/],
  ])('%s', (_name, action, reason) => {
    const reasons = verdict(action);

    expect(reasons.join('\n')).toMatch(reason);
    expect(reasons[0]).toMatch(/^action 1 \(/);
  });

  it('restarting or patching a bare pod', () => {
    const bare: ProposalScope = { namespace: 'shop', workload: { kind: 'Pod', name: pod }, pods: [pod] };

    expect(verdict({ type: 'restart_pod', reason: 'r', pod }, bare)).toEqual([
      expect.stringMatching(/no controller to recreate it/),
    ]);
    expect(verdict({ type: 'patch_workload', reason: 'r', patch: { spec: { replicas: 1 } } }, bare)).toEqual([
      expect.stringMatching(/no workload to patch/),
    ]);
  });

  it('numbers every refused action', () => {
    const reasons = checkProposal(
      {
        summary,
        actions: [
          { type: 'restart_pod', reason: 'ok', pod },
          { type: 'restart_pod', reason: 'r', pod: 'x' },
          { type: 'exec', reason: 'r', pod, container: 'app', argv: [''] },
        ],
      },
      scope,
    );

    expect(reasons).toEqual([
      expect.stringMatching(/^action 2 \(restart_pod\)/),
      expect.stringMatching(/^action 3 \(exec\)/),
    ]);
  });
});

describe('Proposal schema', () => {
  const ok = { summary, actions: [{ type: 'restart_pod', reason: 'reload', pod }] };

  it.each<[string, unknown]>([
    ['no actions', { ...ok, actions: [] }],
    ['eleven actions', { ...ok, actions: Array.from({ length: 11 }, () => ok.actions[0]) }],
    ['an unknown action type', { ...ok, actions: [{ type: 'delete_namespace', reason: 'r' }] }],
    ['a two-line reason', { ...ok, actions: [{ type: 'restart_pod', reason: 'a\nb', pod }] }],
    ['four sentences', { ...ok, summary: { ...summary, rootCause: 'One. Two. Three. Four.' } }],
    ['a long root cause', { ...ok, summary: { ...summary, rootCause: 'x'.repeat(601) } }],
    ['a bad confidence', { ...ok, summary: { ...summary, confidence: 'certain' } }],
    ['an empty argv', { ...ok, actions: [{ type: 'exec', reason: 'r', pod, container: 'app', argv: [] }] }],
    [
      'a bad sha',
      {
        ...ok,
        actions: [
          { type: 'edit_file', reason: 'r', pod, container: 'app', path: '/a', content: '', expectedSha256: 'abc' },
        ],
      },
    ],
    ['a patch that is not an object', { ...ok, actions: [{ type: 'patch_workload', reason: 'r', patch: [1] }] }],
  ])('rejects %s', (_name, input) => {
    expect(Proposal.safeParse(input).success).toBe(false);
  });

  it('accepts three sentences with abbreviations and versions', () => {
    const rootCause = 'The app reads e.g. /etc/app.yaml at start. Version 1.2.3 changed the key name. It crashes.';

    expect(Proposal.safeParse({ ...ok, summary: { ...summary, rootCause } }).success).toBe(true);
  });
});

describe('checkProposal and redaction', () => {
  it('refuses an edit that would write a redaction marker back', () => {
    const action: ProposalAction = {
      type: 'edit_file',
      reason: 'r',
      pod,
      container: 'app',
      path: '/etc/app.env',
      content: 'DB_PASSWORD=[REDACTED]\nPORT=8080\n',
    };

    expect(verdict(action)).toEqual([expect.stringMatching(/secrets that were masked/)]);
  });
});
