// Decisions racing on the whole stack: a real `clopus serve` process (detector, runbooks, Slack over Bolt's HTTP
// receiver, the fixer loop) on the sandbox cluster, clicked at by signed HTTP requests and decided on from the CLI at
// the same moment. However the clicks and commands interleave, one proposal gets one decision, the workload is
// patched at most once, and everyone who lost the race is told who decided what first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsHash } from '../../src/remediation/decide/index.js';
import { autoRollout, deployment, oomKilled, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { buttonValue } from '../../src/slack/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli } from '../cli/run.js';
import {
  buttonPayload,
  interactionBody,
  postSigned,
  type SlackFake,
  startSlackFake,
  submitView,
} from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { ALICE, BOB, MALLORY, ONCALL, slackEnv } from '../slack/harness.js';
import { type ChildRun, runClopus } from './process.js';

const NS = 'shop';
const CAROL = 'U0CAROL'; // an approver for namespace shop only
const DAVE = 'U0DAVE'; // an approver for namespace payments only
const ROUNDS = 10;
const cliActor = `cli:${userInfo().username}`;

let sandbox: Sandbox;
let fake: SlackFake;
let serve: ChildRun;
let store: Store;
let dir: string;
let cliEnv: Record<string, string>;
let eventsUrl: string;
let stopRollouts: () => void;
/** Template changes per Deployment: each one is a patch that landed. */
const patches = new Map<string, number>();
/** Deployment name → incident ID, once serve has proposed a fix for it. */
const incidents = new Map<string, number>();

const workload = (i: number): string => `cache-${i}`;
const generation = (name: string): number => Number(sandbox.cluster.get('Deployment', NS, name)?.metadata.generation);

beforeAll(async () => {
  sandbox = await startSandbox();
  fake = await startSlackFake();
  fake.usergroups.set(ONCALL, [BOB]);
  dir = mkdtempSync(join(tmpdir(), 'clopus-races-'));
  const kubeconfig = join(dir, 'kubeconfig');
  sandbox.writeKubeconfig(kubeconfig);
  const config = join(dir, 'clopus.yaml');
  writeFileSync(
    config,
    `policy:\n  namespaceApprovers:\n    - { namespaces: [${NS}], approvers: [${CAROL}] }\n    - { namespaces: [payments], approvers: [${DAVE}] }\n`,
  );
  for (let i = 0; i <= ROUNDS; i++) {
    const { pods } = deployment(sandbox.cluster, {
      namespace: NS,
      name: workload(i),
      containers: [
        { name: 'cache', image: 'redis:7.4', resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } } },
      ],
    });
    for (const p of pods) oomKilled(sandbox.cluster, NS, p.metadata.name, { restarts: 3 });
  }
  sandbox.cluster.subscribe((c) => {
    if (c.kind !== 'Deployment' || c.type !== 'MODIFIED') return;
    if (JSON.stringify(c.prev?.obj.spec?.template) === JSON.stringify(c.entry.obj.spec?.template)) return;
    patches.set(c.entry.obj.metadata.name, (patches.get(c.entry.obj.metadata.name) ?? 0) + 1);
  });
  stopRollouts = autoRollout(sandbox.cluster, { delayMs: 50 });

  const dbPath = join(dir, 'clopus.db');
  cliEnv = {
    HOME: dir,
    CLOPUS_DB_PATH: dbPath,
    CLOPUS_LOG_LEVEL: 'silent',
    KUBECONFIG: kubeconfig,
    CLOPUS_VERIFY_WINDOW_SECONDS: '1',
  };
  serve = runClopus(['serve'], {
    ...slackEnv(fake, 'http'),
    ...cliEnv,
    CLOPUS_CONFIG: config,
    CLOPUS_NAMESPACES: NS,
    CLOPUS_DASHBOARD_PORT: '0',
  });
  const [, port] = await serve.waitFor('stderr', /HTTP on port (\d+)/, { what: 'clopus serve to listen' });
  eventsUrl = `http://127.0.0.1:${port}/slack/events`;

  store = openStore(dbPath);
  await waitFor(
    () => {
      for (const i of store.listIncidents({ namespace: NS, state: 'proposed', limit: 100, offset: 0 }).items)
        incidents.set(i.workloadName, i.id);
      return incidents.size === ROUNDS + 1;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `serve to propose fixes for all ${ROUNDS + 1} workloads`,
      detail: () => serve.stderr(),
    },
  );
  // The serve's start-up is waited for apart (process.ts) and may take long on a loaded machine.
}, 300_000);

afterAll(async () => {
  stopRollouts?.();
  store?.close();
  const exit = await serve?.stop();
  await fake?.close();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(exit).toEqual({ code: 0, signal: null });
}, 30_000);

/** A signed click on a decision button, as Slack sends it; `answer` is what its response_url received. */
async function click(
  kind: 'approve' | 'reject',
  incidentId: number,
  userId: string,
): Promise<{ status: number; answer: () => string | undefined }> {
  // The value the proposal's buttons carry: the incident, the proposal and the hash of its actions.
  const proposal = store.latestProposal(incidentId)!;
  const payload = buttonPayload(fake, {
    actionId: `clopus_${kind}`,
    value: buttonValue(incidentId, proposal.id, actionsHash(proposal.actions)),
    userId,
  });
  const res = await postSigned(eventsUrl, interactionBody(payload));
  return {
    status: res.status,
    answer: () => fake.responsesTo(payload.response_url as string)[0]?.text as string | undefined,
  };
}

/**
 * A Slack decision made ready: for Approve nothing (the click decides), for Reject its modal opened. `decide` is
 * the moment it is made (the click, or the modal's submission); `answer` is what the person was told.
 */
async function ready(
  kind: 'approve' | 'reject',
  incidentId: number,
  userId: string,
): Promise<{ decide: () => Promise<{ answer: () => string | undefined }> }> {
  if (kind === 'approve') return { decide: () => click('approve', incidentId, userId) };
  const opened = fake.views.modals().length;
  const clicked = await click('reject', incidentId, userId);
  const view = await waitFor(() => fake.views.modals()[opened], {
    what: 'the Reject modal',
    detail: () => clicked.answer(),
  });
  return {
    decide: async () => {
      const before = fake.ephemerals.length;
      await submitView(fake, view, { values: {}, eventsUrl });
      return {
        answer: () => fake.ephemerals.slice(before).find((e) => e.user === userId)?.text as string | undefined,
      };
    },
  };
}

/** Waits for the incident to reach one of `states`, and returns the state it is in. */
const reaches = async (id: number, states: string[]): Promise<string | undefined> => {
  await waitFor(() => states.includes(store.getIncident(id)?.state ?? ''), {
    timeoutMs: 60_000,
    what: `incident ${id} to reach ${states.join(' or ')}`,
  });
  return store.getIncident(id)?.state;
};

describe('racing decisions on one proposal, through clopus serve', () => {
  it('applies once when a hundred people click Approve at once, and tells each of the others why nothing more happened', async () => {
    const name = workload(0);
    const id = incidents.get(name)!;
    const proposalId = store.latestProposal(id)!.id;
    const before = generation(name);
    const clickers = Array.from(
      { length: 100 },
      (_, i) => [ALICE, ALICE, ALICE, ALICE, BOB, BOB, BOB, CAROL, MALLORY, DAVE][i % 10]!,
    );

    const clicks = await Promise.all(clickers.map((user) => click('approve', id, user)));
    await waitFor(() => clicks.every((c) => c.answer()), { timeoutMs: 60_000, what: 'an answer to every click' });

    expect(clicks.map((c) => c.status)).toEqual(Array(100).fill(200));
    expect(await reaches(id, ['verified'])).toBe('verified');
    const decisions = store.listDecisions(proposalId);
    expect(decisions).toEqual([
      expect.objectContaining({
        decision: 'approve',
        via: 'slack',
        actor: expect.stringMatching(new RegExp(`^slack:(${ALICE}|${BOB}|${CAROL})$`)),
      }),
    ]);
    const winner = decisions[0]!.actor.slice('slack:'.length);
    expect(store.listAppliedActions(proposalId)).toEqual([
      expect.objectContaining({ seq: 1, kind: 'patch_workload', status: 'done' }),
    ]);
    expect({ patches: patches.get(name), generation: generation(name) }).toEqual({
      patches: 1,
      generation: before + 1,
    });
    expect(store.auditTrail(id).filter((a) => a.action === 'apply')).toHaveLength(1);

    const answers = clicks.map((c, i) => ({ user: clickers[i]!, text: c.answer()! }));
    const refused = answers.filter((a) => a.user === MALLORY || a.user === DAVE);
    for (const a of refused)
      expect(a.text).toBe(
        `:no_entry_sign: You cannot approve incident ${id}: you are not an approver for namespace ${NS}. This attempt was recorded.`,
      );
    expect(
      store
        .auditTrail(id)
        .filter((a) => a.action === 'approve_refused')
        .map((a) => a.actor)
        .sort(),
    ).toEqual([...Array(10).fill(`slack:${DAVE}`), ...Array(10).fill(`slack:${MALLORY}`)]);
    const approvers = answers.filter((a) => a.user !== MALLORY && a.user !== DAVE);
    const won = approvers.filter((a) => a.text.startsWith(':white_check_mark:'));
    expect(won).toEqual([
      {
        user: winner,
        text: expect.stringMatching(
          new RegExp(
            `^:white_check_mark: Approved by <@${winner}> and applied to deployment/${name} in namespace ${NS}`,
          ),
        ),
      },
    ]);
    const told = new RegExp(
      `^:information_source: Incident ${id} was already approved by <@${winner}> at ${decisions[0]!.at} \\(via slack\\); it is now (approved|applying|applied|verified)\\.`,
    );
    for (const a of approvers.filter((x) => x !== won[0])) expect(a.text).toMatch(told);
  }, 180_000);

  it('ends an Approve and a Reject sent at the same moment (one from Slack, one from the CLI) in the one decision that came first', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const name = workload(round);
      const id = incidents.get(name)!;
      const proposalId = store.latestProposal(id)!.id;
      // Alternate which side approves, and spread who starts first over a window wider than either path's latency.
      const slackKind = round % 2 === 1 ? 'approve' : 'reject';
      const cliKind = slackKind === 'approve' ? 'reject' : 'approve';
      const slackLead = (round - ROUNDS / 2) * 15;
      const later = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

      const slackSide = await ready(slackKind, id, slackKind === 'approve' ? ALICE : BOB);

      const [slack, cli] = await Promise.all([
        later(slackLead).then(() => slackSide.decide()),
        later(-slackLead).then(() =>
          runCli(
            [
              cliKind,
              String(id),
              ...(cliKind === 'reject' ? ['--reason', `round ${round}`] : ['--proposal', String(proposalId), '--yes']),
            ],
            { env: cliEnv },
          ),
        ),
      ]);
      await waitFor(() => slack.answer(), { timeoutMs: 60_000, what: `the answer to the click of round ${round}` });
      // Applied is as far as an approval goes here: serve verifies what the CLI applied on its next sweep.
      const state = await reaches(id, ['applied', 'verified', 'rejected']);

      const decisions = store.listDecisions(proposalId);
      expect(decisions).toHaveLength(1);
      const first = decisions[0]!;
      expect(first.decision === 'approve' ? ['applied', 'verified'] : ['rejected']).toContain(state);
      expect(patches.get(name) ?? 0).toBe(first.decision === 'approve' ? 1 : 0);
      const past = first.decision === 'approve' ? 'approved' : 'rejected';
      if (first.via === 'slack') {
        expect(slack.answer()).toMatch(/^:white_check_mark: (Approved|Rejected) by <@U0(ALICE|BOB)>/);
        expect(cli.code).toBe(1);
        expect(cli.stdout).toMatch(
          new RegExp(
            `^Incident ${id} was already ${past} by ${first.actor} at ${first.at} \\(via slack\\); it is now \\w+\\.`,
          ),
        );
      } else {
        expect(first.actor).toBe(cliActor);
        expect(cli.code).toBe(0);
        expect(cli.stdout).toMatch(
          first.decision === 'approve'
            ? /^Approved by cli:\S+ and applied to /
            : new RegExp(`^Rejected by cli:\\S+ \\(round ${round}\\): nothing will be applied`),
        );
        expect(slack.answer()).toMatch(
          new RegExp(
            `^:information_source: Incident ${id} was already ${past} by ${cliActor} at ${first.at} \\(via cli\\)`,
          ),
        );
      }
    }
  }, 300_000);
});
