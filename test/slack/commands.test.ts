// /clopus through the real HTTP receiver: replies are ephemeral (pause and resume are public), bad input gets the
// usage, approvers gate decisions and the pause switch, and the switch lasts in the store.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { pauseState } from '../../src/policy/index.js';
import { createDecisionService } from '../../src/remediation/index.js';
import { commandFields, formBody, postSigned } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { bringTo, newIncident } from '../store/fixtures.js';
import { ALICE, BOB, MALLORY, type SlackHarness, startSlackHarness, yamlFile } from './harness.js';

const CAROL = 'U0CAROL';
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const POLICY = `policy:
  namespaceApprovers:
    - namespaces: ["shop*"]
      approvers: [${CAROL}]
  trusted:
    - name: staging-restarts
      namespaces: ["staging-*"]
      classes: [restart-pod]
      maxPerHour: 2
`;

async function arrange(): Promise<SlackHarness> {
  h = await startSlackHarness({
    configFile: yamlFile(POLICY),
    extra: {
      scan: async (ns) => ({
        pods: 4,
        forbidden: [],
        findings: [
          {
            namespace: ns[0] ?? 'shop',
            pod: 'web-1',
            reason: 'CrashLoopBackOff',
            message: 'back-off <!here>',
            workload: { kind: 'Deployment', name: 'web' },
          },
        ],
      }),
      watches: (ns) => ns.startsWith('shop'),
    },
  });
  return h;
}

async function run(
  h: SlackHarness,
  text: string,
  userId = ALICE,
): Promise<{ status: number; body: Record<string, any> }> {
  const fields = commandFields(h.fake, { text, userId });
  const res = await postSigned(h.eventsUrl, formBody(fields));
  await waitFor(() => h.fake.responsesTo(fields.response_url!).length > 0);
  return { status: res.status, body: h.fake.responsesTo(fields.response_url!)[0] };
}

describe('/clopus', () => {
  it('answers unknown subcommands and bad arguments with the usage, ephemerally', async () => {
    h = await arrange();

    const unknown = await run(h, 'deploy prod');
    const bad = await run(h, 'show twelve');

    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^Unknown subcommand "deploy"\.\n\n\*Usage\*\n`\/clopus scan \[namespace…\]`/),
    });
    expect(bad.body.text).toMatch(/^"twelve" is not an incident ID/);
  });

  it('lists, shows and reports status from the store, escaping what came from the cluster', async () => {
    h = await arrange();
    const id = h.store.createIncident(newIncident({ message: 'crashed <!channel> & burned' }), 'detector').id;

    const list = await run(h, 'list', MALLORY);
    const show = await run(h, `show ${id}`, MALLORY);
    const status = await run(h, 'status', MALLORY);
    const missing = await run(h, 'show 999', MALLORY);

    expect(list.body.text).toMatch(
      new RegExp(
        `^\\*Open incidents\\* \\(1 of 1\\)\\n:mag: \\*#${id}\\* CrashLoopBackOff · deployment/web · shop · detected`,
      ),
    );
    expect(show.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(show.body.blocks)).toContain('crashed &lt;!channel&gt; &amp; burned');
    expect(status.body.text).toContain(':mag: detected: 1');
    expect(status.body.text).toContain(':arrow_forward: auto-approve is on');
    expect(missing.body.text).toBe('Incident 999 does not exist; /clopus list shows the open ones.');
  });

  it('scans only watched namespaces', async () => {
    h = await arrange();

    const scan = await run(h, 'scan shop');
    const unwatched = await run(h, 'scan kube-system');

    expect(scan.body.text).toBe(
      '*Scan*: 4 pods, 1 finding\n• CrashLoopBackOff · deployment/web · shop/web-1: back-off &lt;!here&gt;',
    );
    expect(unwatched.body.text).toBe('Clopus does not watch kube-system; it only scans the namespaces it watches.');
  });

  it('lets any approver pause auto-approve, publicly, and only a global approver resume it', async () => {
    h = await arrange();

    const refused = await run(h, 'pause', MALLORY);
    const paused = await run(h, 'pause change freeze', CAROL);
    const notResumed = await run(h, 'resume', CAROL);
    const resumedBefore = pauseState(h.store);
    const resumed = await run(h, 'resume', BOB);

    expect(refused.body).toMatchObject({
      response_type: 'ephemeral',
      text: ':no_entry_sign: You cannot pause auto-approve: you are not an approver for any namespace. This attempt was logged.',
    });
    expect(paused.body).toMatchObject({
      response_type: 'in_channel',
      text: expect.stringMatching(
        /^:double_vertical_bar: auto-approve is \*paused\* by <@U0CAROL> since <!date\^\d+\^\{date_short_pretty\} \{time_secs\}\|[^>]+>: change freeze\. Every proposal now waits for a person\.$/,
      ),
    });
    expect(notResumed.body.text).toContain(
      'You cannot resume auto-approve: you are not an approver for all namespaces',
    );
    expect(resumedBefore).toMatchObject({ paused: true, by: 'slack:U0CAROL', reason: 'change freeze' });
    expect(resumed.body).toMatchObject({
      response_type: 'in_channel',
      text: ':arrow_forward: Auto-approve was turned back on by <@U0BOB>.',
    });
    expect(pauseState(h.store).paused).toBe(false);
  });

  it('shows the effective policy', async () => {
    h = await arrange();

    const policy = await run(h, 'policy', MALLORY);

    const text = JSON.stringify(policy.body.blocks);
    expect(text).toContain('*Approvers everywhere*: <@U0ALICE>, <!subteam^S0ONCALL>');
    expect(text).toContain('in `shop*`: <@U0CAROL>');
    expect(text).toContain(
      '`staging-restarts`: `staging-*` may auto-approve `restart-pod`, at most 2 per namespace per hour',
    );
    expect(text).toContain('Proposals expire after 60 minutes without a decision.');
  });
});

describe('/clopus decisions', () => {
  it('rejects with the reason typed, for an approver of that namespace only', async () => {
    let decisions: ReturnType<typeof createDecisionService> | undefined;
    h = await startSlackHarness({
      configFile: yamlFile(POLICY),
      decisions: {
        approve: (...a) => decisions!.approve(...a),
        reject: (...a) => decisions!.reject(...a),
        rollback: (...a) => decisions!.rollback(...a),
        requestChanges: (...a) => decisions!.requestChanges(...a),
      },
    });
    decisions = createDecisionService({
      store: h.store,
      kube: undefined as never,
      config: h.config.fixer,
      logger: silentLogger(),
    });
    const shop = h.store.createIncident(newIncident({ namespace: 'shop' }), 'detector').id;
    const web = h.store.createIncident(newIncident({ namespace: 'web', workloadName: 'site' }), 'detector').id;
    for (const id of [shop, web]) {
      bringTo(h.store, id, 'diagnosing');
      h.store.saveProposal({
        incidentId: id,
        diagnosisId: null,
        summary: { rootCause: 'Bad config.', confidence: 'low', risk: 'low' },
        actions: [{ type: 'restart_pod', reason: 'restart', pod: 'web-1' }],
        diff: '',
      });
      h.store.transition(id, 'diagnosing', 'proposed', { actor: 'fixer' });
    }

    const elsewhere = await run(h, `reject ${web} no`, CAROL);
    const rejected = await run(h, `reject ${shop} not during the <freeze>`, CAROL);

    expect(elsewhere.body.text).toBe(
      `:no_entry_sign: You cannot reject incident ${web}: you are not an approver for namespace web. This attempt was recorded.`,
    );
    expect(rejected.body.text).toBe(
      `:white_check_mark: Rejected by <@U0CAROL> (not during the &lt;freeze&gt;): nothing will be applied to deployment/web in namespace shop.`,
    );
    expect(h.store.listDecisions(h.store.latestProposal(shop)!.id)).toEqual([
      expect.objectContaining({
        actor: 'slack:U0CAROL',
        decision: 'reject',
        via: 'slack',
        detail: 'not during the <freeze>',
      }),
    ]);
  });
});
