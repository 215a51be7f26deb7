// Rendering is pure: an incident view in, Block Kit out, within Slack's limits and inert whatever the cluster wrote.
import { describe, expect, it } from 'vitest';
import type { IncidentState } from '../../src/core/index.js';
import { actionsHash } from '../../src/remediation/decide/index.js';
import { type IncidentView, render } from '../../src/slack/index.js';
import { decision, incident, PROPOSAL, proposal, texts, view } from './views.js';

const { renderIncident, renderProposal, proposalPreview, chunkBody, LIMITS, breakFences, escapeMrkdwn } = render;

/** Every <…> in Slack text must be one Clopus made on purpose: a date, a user or a user group mention. */
const OURS = /^<(?:!date\^\d+\^[^|>]+\|[^>]+|@[UW][A-Z0-9]+|!subteam\^S[A-Z0-9]+)>$/;
const angles = (s: string): string[] => s.match(/<[^>]*>/g) ?? [];

function checkLimits(msg: { text: string; blocks: any[] }): void {
  expect(msg.text.length).toBeGreaterThan(0);
  expect(msg.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  expect(msg.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  for (const b of msg.blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'section' && b.fields)
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.field);
  }
  const fences =
    msg.blocks
      .flatMap((b) => texts([b]))
      .join('\n')
      .match(/```/g) ?? [];
  expect(fences.length % 2).toBe(0);
}

const HOSTILE =
  'boom <!channel> <@U0BOSS> <https://evil.example|click me> & ```\nrm -rf /\n``` password=hunter2 Bearer abcdefghijklmnopqrstuvwxyz0123';

describe('escaping', () => {
  it('escapes only &, < and >', () => {
    expect(escapeMrkdwn('a & b <!here> *bold* _x_ `c`')).toBe('a &amp; b &lt;!here&gt; *bold* _x_ `c`');
  });

  it('keeps runs of backticks from closing a code block', () => {
    expect(breakFences('a ``` b ```` c `d`')).toBe('a `\u200b`\u200b` b `\u200b`\u200b`\u200b` c `d`');
  });
});

describe('renderIncident', () => {
  it('shows reason, workload, namespace, cluster, pods, restarts, last exit, diagnosis and evidence', () => {
    const v = view('no_fix', {
      evidence: {
        id: 1,
        incidentId: 12,
        collectedAt: 't',
        pod: 'web-1',
        container: 'app',
        state: 'waiting',
        restarts: 4,
        lastTermination: { exitCode: 1, reason: 'Error' },
        events: [{ reason: 'BackOff', message: 'Back-off restarting', count: 7 }],
        logTail: 'line 1\npanic: nil map\n',
        logsPrevious: true,
        truncated: false,
      },
      diagnosis: {
        id: 1,
        incidentId: 12,
        attempt: 1,
        planner: 'runbook',
        model: null,
        status: 'no_fix',
        startedAt: 't',
        finishedAt: 't',
        turns: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        durationMs: 1,
        error: null,
        explanation: 'No runbook applies to CrashLoopBackOff.',
        sessionId: null,
        revisionId: null,
      },
      note: 'No runbook applies to CrashLoopBackOff.',
    });

    const msg = renderIncident(v);

    checkLimits(msg);
    expect(msg.text).toBe(
      '[Clopus #12] CrashLoopBackOff in deployment/web (namespace shop, cluster prod): no automatic fix',
    );
    const all = texts(msg.blocks).join('\n');
    expect(all).toContain('*Workload*\ndeployment/web');
    expect(all).toContain('*Namespace · cluster*\nshop · prod');
    expect(all).toContain('*Pods affected*\n1 (web-1)');
    expect(all).toContain('*Restarts · last exit*\n4 · 1 (Error)');
    expect(all).toContain('*Age*\nfirst seen <!date^1740830280^{ago}|2025-03-01T11:58:00.000Z>');
    expect(all).toContain('*Diagnosis*\nNo runbook applies to CrashLoopBackOff.');
    expect(all).toContain(
      '```\nlast termination: exit 1 (Error)\nevent BackOff ×7: Back-off restarting\nprevious container log (last lines):\nline 1\npanic: nil map\n```',
    );
  });

  it('makes hostile cluster text inert and redacted, everywhere it appears', () => {
    const v = view('proposed', {
      incident: incident({
        state: 'proposed',
        message: HOSTILE,
        workloadName: 'web<!here>',
        pods: [{ name: 'p<@U1>', uid: 'u', restarts: 1, message: HOSTILE, lastSeenAt: 't' }],
      }),
      evidence: {
        id: 1,
        incidentId: 12,
        collectedAt: 't',
        pod: 'web-1',
        container: 'app',
        state: 'waiting',
        restarts: 4,
        events: [{ reason: 'X', message: HOSTILE, count: 1 }],
        logTail: HOSTILE,
        logsPrevious: false,
        truncated: false,
      },
      proposals: [
        proposal({
          proposal: {
            summary: { rootCause: HOSTILE.slice(0, 200), confidence: 'low', risk: 'high' },
            actions: [{ type: 'exec', reason: HOSTILE.slice(0, 290), pod: 'web-1', container: 'app', argv: ['sh'] }],
          },
          diff: `1. exec in shop/web-1/app\n$ sh -c '${HOSTILE}'\n`,
        }),
      ],
    });

    const messages = [renderIncident(v), ...renderProposal(v, v.proposals[0]!)];

    for (const msg of messages) {
      checkLimits(msg);
      const all = [msg.text, ...texts(msg.blocks)];
      for (const t of all) for (const a of angles(t)) expect(a).toMatch(OURS);
      const joined = all.join('\n');
      expect(joined).not.toContain('hunter2');
      expect(joined).not.toContain('abcdefghijklmnopqrstuvwxyz0123');
    }
    const body = texts(renderIncident(v).blocks).join('\n');
    expect(body).toContain(
      'boom &lt;!channel&gt; &lt;@U0BOSS&gt; &lt;https://evil.example|click me&gt; &amp; `\u200b`\u200b`',
    );
  });

  it('keeps every block within its limit however long the cluster text', () => {
    const long = 'x'.repeat(20_000);
    const v = view('diagnosis_failed', {
      incident: incident({
        state: 'diagnosis_failed',
        message: long,
        workloadName: 'w'.repeat(253),
        pods: Array.from({ length: 500 }, (_, i) => ({
          name: `pod-${i}-${'y'.repeat(200)}`,
          uid: 'u',
          restarts: 1,
          message: long,
          lastSeenAt: 't',
        })),
      }),
      evidence: {
        id: 1,
        incidentId: 12,
        collectedAt: 't',
        pod: 'p'.repeat(253),
        container: 'app',
        state: 'waiting',
        restarts: 4,
        events: Array.from({ length: 10 }, () => ({ reason: 'R', message: long, count: 1 })),
        logTail: `${long}\n`.repeat(50),
        logsPrevious: false,
        truncated: true,
      },
      note: long,
    });

    checkLimits(renderIncident(v));
  });

  it.each<[IncidentState, Partial<IncidentView>, RegExp]>([
    ['open', {}, /^:mag: \*detected\*$/],
    ['diagnosing', {}, /^:hourglass_flowing_sand: \*diagnosing\*$/],
    [
      'proposed',
      { proposals: [proposal()] },
      /^:memo: \*fix proposed\*: review the fix in the thread: approve it, request changes or reject it\.$/,
    ],
    [
      'proposed',
      { proposals: [proposal({ autoSkipped: 'auto-approve is paused' })] },
      /Not auto-approved: auto-approve is paused\.$/,
    ],
    [
      'approved',
      { proposals: [proposal({ decision: decision() })] },
      /^:white_check_mark: \*approved\* \(approved by <@U0ALICE>\)$/,
    ],
    [
      'applying',
      { proposals: [proposal({ decision: decision({ actor: 'policy:staging', via: 'policy' }) })] },
      /^:gear: \*applying\* \(auto-approved by policy rule `staging`\)$/,
    ],
    [
      'applied',
      { proposals: [proposal({ decision: decision() })] },
      /^:eyes: \*applied, verifying\* \(approved by <@U0ALICE>\)$/,
    ],
    [
      'verified',
      { proposals: [proposal({ decision: decision() })], note: '2 pods Ready' },
      /^:large_green_circle: \*verified\* \(approved by <@U0ALICE>\): 2 pods Ready$/,
    ],
    [
      'regressed',
      { proposals: [proposal({ decision: decision() })], note: 'restarted again' },
      /\*regressed\* \(approved by <@U0ALICE>\): restarted again Roll it back from the thread\.$/,
    ],
    [
      'rejected',
      { proposals: [proposal({ decision: decision({ decision: 'reject', actor: 'cli:carol', via: 'cli' }) })] },
      /^:no_entry_sign: \*rejected\* \(rejected by cli:carol\)$/,
    ],
    [
      'rolled_back',
      { proposals: [proposal({ rollback: decision({ decision: 'rollback' }) })] },
      /^:leftwards_arrow_with_hook: \*rolled back\* by <@U0ALICE>\.$/,
    ],
    ['resolved', {}, /^:large_green_circle: \*resolved\*: the workload recovered\.$/],
    [
      'expired',
      { note: 'no decision within 60 minutes' },
      /^:hourglass: \*proposal expired\*: no decision within 60 minutes$/,
    ],
  ])('says where a %s incident is and who moved it', (state, extra, line) => {
    const v = view(state, extra);

    expect(render.statusLine(v)).toMatch(line);
  });
});

describe('renderProposal', () => {
  it('lists actions with how long they last, the diff in a code block, and Approve (with a confirm dialog), Request changes and Reject', () => {
    const v = view('proposed', { proposals: [proposal()] });

    const [msg, ...more] = renderProposal(v, v.proposals[0]!);

    expect(more).toEqual([]);
    checkLimits(msg!);
    const all = texts(msg!.blocks).join('\n');
    expect(all).toContain(
      '*1. `edit_file`* /etc/web/config.yaml in shop/web-1/app · _hotfix, lost on restart_\nPoint the config at the right host',
    );
    expect(all).toContain('*2. `patch_workload`* · _persistent: rolls out through the workload_');
    expect(all).toContain('```\n--- a\n+++ b\n-db: bad\n+db: ok\n```');
    const actions = msg!.blocks.find((b) => b.type === 'actions') as any;
    const value = `12:5:${actionsHash(PROPOSAL.actions)}`;
    expect(actions.elements.map((e: any) => [e.action_id, e.value, e.style])).toEqual([
      ['clopus_approve', value, 'primary'],
      ['clopus_request_changes', value, undefined],
      ['clopus_reject', value, 'danger'],
    ]);
    expect(actions.elements[0].confirm.text.text).toBe(
      'Apply 2 actions to deployment/web in namespace shop? Read the diff in this thread first. Hotfixes are lost when the pod restarts.',
    );
  });

  it('continues a long diff in further replies, each within the limits, losing no line', () => {
    const sections = Array.from(
      { length: 4 },
      (_, s) =>
        `${s + 1}. patch_workload Deployment shop/web\n${Array.from({ length: 200 }, (_, i) => `+line ${s}-${i} ${'z'.repeat(60)}`).join('\n')}\n`,
    );
    const v = view('proposed', { proposals: [proposal({ diff: sections.join('\n') })] });

    const parts = renderProposal(v, v.proposals[0]!);

    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) checkLimits(part);
    expect(texts(parts[0]!.blocks).join('\n')).toContain(`The diff continues in ${parts.length - 1} more repl`);
    expect(parts[1]!.text).toBe(`[Clopus #12] Diff of proposal #5, continued (2/${parts.length})`);
    const lines = parts
      .flatMap((p) => texts(p.blocks))
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('+line'));
    expect(lines).toHaveLength(800);
    expect(lines[0]).toMatch(/^\+line 0-0 /);
    expect(lines.at(-1)).toMatch(/^\+line 3-199 /);
  });

  it("shows each action's change class and fields from its diff section, and tolerates a section without them", () => {
    const exec = {
      type: 'exec' as const,
      reason: 'Reload nginx',
      pod: 'web-1',
      container: 'app',
      argv: ['nginx', '-s', 'reload'],
    };
    const diff = [
      '1. edit_file /etc/web/config.yaml in shop/web-1/app',
      '--- a',
      '+++ b',
      '-db: bad',
      '+db: ok',
      '2. exec in shop/web-1/app',
      'class: exec-allowed · changes: argv',
      '$ nginx -s reload',
      '',
    ].join('\n');
    const v = view('proposed', {
      proposals: [proposal({ proposal: { ...PROPOSAL, actions: [PROPOSAL.actions[0]!, exec] }, diff })],
    });

    const [msg] = renderProposal(v, v.proposals[0]!);

    const all = texts(msg!.blocks).join('\n');
    expect(all).toContain(
      '*1. `edit_file`* /etc/web/config.yaml in shop/web-1/app · _hotfix, lost on restart_\nPoint the config at the right host',
    );
    expect(all).toContain(
      '*2. `exec`* in shop/web-1/app · _hotfix, lost on restart_\nClass `exec-allowed` · changes `argv`\nReload nginx',
    );
    expect(all).toContain('```\n$ nginx -s reload\n```');
    expect(all).toContain('```\nclass: exec-allowed · changes: argv\n$ nginx -s reload\n```');
  });

  it('posts an exec command longer than a code block whole, in order, across blocks, and still redacted', () => {
    const arg = `${Array.from({ length: 300 }, (_, i) => `--flag-${i}=value-${i}`).join(' ')} --password=hunter2`;
    const exec = { type: 'exec' as const, reason: 'Run it', pod: 'web-1', container: 'app', argv: ['tool', arg] };
    const line = `$ tool '${arg}'`;
    const v = view('proposed', {
      proposals: [
        proposal({
          proposal: { ...PROPOSAL, actions: [exec] },
          diff: `1. exec in shop/web-1/app\nclass: exec-allowed · changes: argv\n${line}\n`,
        }),
      ],
    });

    const parts = renderProposal(v, v.proposals[0]!);

    for (const part of parts) checkLimits(part);
    const bodies = parts
      .flatMap((p) => texts(p.blocks))
      .filter((t) => t.startsWith('```\n'))
      .map((t) => t.slice(4, -4));
    const start = bodies.findIndex((b) => b.startsWith('class: exec-allowed'));
    expect(line.length).toBeGreaterThan(6000);
    expect(bodies[start]).toBe('class: exec-allowed · changes: argv');
    expect(bodies.slice(start + 1).join('')).toBe(line.replace('hunter2', '[REDACTED]'));
    expect(texts(parts[0]!.blocks).join('\n')).toMatch(
      /_Its command \(\d+ characters\) is shown whole in the diff below\._/,
    );
  });

  it('cuts a body into code blocks without losing a character or splitting an entity', () => {
    const body = `${'a&b'.repeat(2000)}\nshort\n${'x'.repeat(100)}`;

    const chunks = chunkBody(body, 1000);

    expect(chunks.every((c) => c.length <= 1000)).toBe(true);
    expect(chunks.join('').replace(/\n/g, '')).toBe(escapeMrkdwn(body).replace(/\n/g, ''));
    expect(chunks.some((c) => /&[a-z]{0,4}$/.test(c))).toBe(false);
  });

  it('previews a proposal for /clopus approve with its actions, the bound buttons, and where the rest of the diff is', () => {
    const sections = Array.from(
      { length: 4 },
      (_, s) =>
        `${s + 1}. patch_workload Deployment shop/web\n${Array.from({ length: 200 }, (_, i) => `+line ${s}-${i} ${'z'.repeat(60)}`).join('\n')}\n`,
    );
    const v = view('proposed', { proposals: [proposal({ diff: sections.join('\n') })] });

    const msg = proposalPreview(v, v.proposals[0]!);

    checkLimits(msg);
    const all = texts(msg.blocks).join('\n');
    expect(all).toContain('*1. `edit_file`*');
    expect(all).toMatch(/The rest of the diff is in \d+ more repl(y|ies) in the thread of incident #12\./);
    const buttons = msg.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b: any) => b.elements.map((e: any) => e.value));
    expect(buttons).toEqual(Array(3).fill(`12:5:${actionsHash(PROPOSAL.actions)}`));
  });

  it.each<[string, IncidentView, string[], RegExp | undefined]>([
    [
      'applied: Rollback',
      view('applied', { proposals: [proposal({ status: 'applied', decision: decision() })] }),
      ['clopus_rollback'],
      /approved by <@U0ALICE>/,
    ],
    [
      'regressed: Rollback',
      view('regressed', { proposals: [proposal({ status: 'applied', decision: decision() })] }),
      ['clopus_rollback'],
      /incident regressed/,
    ],
    [
      'rejected: no buttons',
      view('rejected', {
        proposals: [proposal({ status: 'rejected', decision: decision({ decision: 'reject', detail: 'not now' }) })],
      }),
      [],
      /rejected by <@U0ALICE> at .*: not now/,
    ],
    [
      'verified: closed',
      view('verified', { proposals: [proposal({ status: 'applied', decision: decision() })] }),
      [],
      /incident verified/,
    ],
    [
      'superseded',
      view('proposed', { proposals: [proposal(), proposal({ id: 6 })] }),
      [],
      /superseded by a newer proposal/,
    ],
  ])('%s', (_name, v, buttons, status) => {
    const [msg] = renderProposal(v, v.proposals[0]!);

    const shown = msg!.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b: any) => b.elements.map((e: any) => e.action_id));
    expect(shown).toEqual(buttons);
    if (status) expect(texts(msg!.blocks).join('\n')).toMatch(status);
  });
});
