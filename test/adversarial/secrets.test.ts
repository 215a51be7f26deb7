// Secrets planted everywhere a workload can leak them — logs, events, a termination message, files, env values
// in the spec, annotations, process arguments — then the whole loop: `clopus serve` detects, the real Claude Code
// binary investigates every one of those places through its tools, Slack shows the incidents and takes two
// approvals, the fixes are applied and verified. Afterwards every request body Slack and the Messages API fake
// received, and every row of every table of the database, is searched for each secret's secret part.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/index.js';
import { silentLogger } from '../../src/logger.js';
import { applyProposal, memoryActionRecorder, rollbackProposal } from '../../src/remediation/apply/index.js';
import {
  autoRollout,
  crashLoop,
  deployment,
  oomKilled,
  recover,
  type Sandbox,
  startSandbox,
} from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  type AnthropicFake,
  allText,
  type MessagesRequest,
  type Reply,
  reply,
  startAnthropicFake,
  type ToolResult,
  text,
  toolResults,
  toolUse,
} from '../fakes/anthropic.js';
import { buttonPayload, type FakeMessage, type SlackFake, startSlackFake } from '../fakes/slack.js';
import { waitFor } from '../helpers/wait.js';
import { ALICE, slackEnv } from '../slack/harness.js';
import { databaseText, lookEverywhere, serveInProcess, stringsIn, t } from './payloads.js';

const NS = 'shop';

/** Each planted secret: the line that carries it, and the parts that must never leave the cluster. */
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkLXVzZXIifQ.c2lnUGxhbnRlZEpXVHNpZ25hdHVyZTAx';
const PEM_LINES = [
  'MIIEpAIBAAKCAQEAplantedPEMbodyLineOneAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'plantedPEMbodyLineTwoBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB==',
];
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_LINES.join('\n')}\n-----END RSA PRIVATE KEY-----`;
const SECRETS: Array<{ line: string; parts: string[] }> = [
  { line: 'aws: using AKIAQ3EXAMPLE7PLANTD', parts: ['AKIAQ3EXAMPLE7PLANTD'] },
  {
    line: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED01',
    parts: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED01'],
  },
  {
    line: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED02',
    parts: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED02'],
  },
  { line: `session token ${JWT} accepted`, parts: [JWT.split('.')[1]!, JWT.split('.')[2]!] },
  { line: 'Authorization: Bearer pLanted0Bearer9Token7xyz', parts: ['pLanted0Bearer9Token7xyz'] },
  { line: 'curl -H "Authorization: Bearer pLantedCurlBearer42" https://api.internal', parts: ['pLantedCurlBearer42'] },
  { line: 'authorization: Basic dXNlcjpCYXNpY1BsYW50ZWQxNw==', parts: ['dXNlcjpCYXNpY1BsYW50ZWQxNw'] },
  { line: 'connecting to postgres://orders:PgPlanted!Pass1@db.shop.svc:5432/orders', parts: ['PgPlanted!Pass1'] },
  { line: 'DSN mysql://root:MyPlantedPass2@tcp(mysql:3306)/app', parts: ['MyPlantedPass2'] },
  {
    line: 'mongo mongodb+srv://admin:MongoPlanted3@cluster0.ab1cd.mongodb.net/db?retryWrites=true',
    parts: ['MongoPlanted3'],
  },
  { line: 'cache redis://:RedisPlanted4@redis-master:6379/0', parts: ['RedisPlanted4'] },
  { line: 'SMTP_PASSWORD=SmtpPlanted5', parts: ['SmtpPlanted5'] },
  { line: 'JWT_SECRET=JwtSecretPlanted6', parts: ['JwtSecretPlanted6'] },
  { line: 'GITLAB_TOKEN=GitlabPlanted7', parts: ['GitlabPlanted7'] },
  { line: 'slack xoxb-1111111111-2222222222-PlantedSlackBot8', parts: ['PlantedSlackBot8'] },
  { line: 'github ghp_PlantedGitHub0123456789abcdefghijklmn', parts: ['PlantedGitHub0123456789abcdefghijklmn'] },
  { line: 'anthropic sk-ant-api03-PlantedAnthropic9-abcdefghij0123456789', parts: ['PlantedAnthropic9'] },
  { line: '  password: YamlPlanted10', parts: ['YamlPlanted10'] },
  { line: '{"user":"svc","client_secret":"JsonPlanted11","scope":"read"}', parts: ['JsonPlanted11'] },
  { line: 'DATABASE_URL=postgres://app:UrlEnvPlanted13@db/app', parts: ['UrlEnvPlanted13'] },
  { line: 'GET /callback?code=1&access_token=QueryPlanted14&state=x', parts: ['QueryPlanted14'] },
  { line: 'X-Api-Key: HeaderPlanted15', parts: ['HeaderPlanted15'] },
];
/** Env values in the pod spec (shown by describe_pod/describe_workload, kept in a patch's "before"). */
const ENV = {
  DB_PASSWORD: 'EnvPlanted20',
  STRIPE_SECRET_KEY: 'EnvPlanted21',
  API_TOKEN: 'EnvPlanted22',
  LOG_LEVEL: 'debug',
};
/** What a tool like Helm leaves in an annotation: the env as JSON name/value pairs. */
const ANNOTATION = JSON.stringify([
  { name: 'DB_PASSWORD', value: 'AnnotPlanted23' },
  { name: 'REGION', value: 'eu-west-1' },
]);
const ARG = '--db-password=ArgPlanted24';
/** A manifest baked into the image: env entries as a YAML block, the value on the line after the name. */
const MANIFEST = 'env:\n  - name: REGION\n    value: eu-west-1\n  - name: DB_PASSWORD\n    value: "EnvYamlPlanted25"\n';
const PLANTED = [
  ...SECRETS.flatMap((s) => s.parts),
  ...PEM_LINES,
  'EnvPlanted20',
  'EnvPlanted21',
  'EnvPlanted22',
  'AnnotPlanted23',
  'ArgPlanted24',
  'EnvYamlPlanted25',
];
const LOG = [...SECRETS.map((s) => s.line), 'loading TLS key', PEM, 'fatal: cannot start'].join('\n');
const CONFIG = `listen: 8080\nupstream: db.shop.svc:5433\n${SECRETS.slice(0, 12)
  .map((s) => `# ${s.line}`)
  .join('\n')}\ndatabase:\n  password: YamlPlanted10\n`;

let sandbox: Sandbox;
let slack: SlackFake;
let model: AnthropicFake;
let dir: string;
let stopRollout: () => void;
let apiPods: string[] = [];
const toolAnswers: ToolResult[] = [];
const refusals: string[] = [];
let tables: Record<string, string> = {};
let states: string[] = [];
let served = -1;

function plant(): void {
  const api = deployment(sandbox.cluster, {
    namespace: NS,
    name: 'api',
    replicas: 2,
    containers: [
      {
        name: 'api',
        image: 'shop/api:2.0',
        command: ['/app/api'],
        args: ['--listen=:8080', ARG],
        env: ENV,
        files: {
          '/etc/api/config.yaml': CONFIG,
          '/etc/api/app.env': SECRETS.slice(11, 22)
            .map((s) => s.line)
            .join('\n'),
          '/etc/api/tls.key': PEM,
          '/etc/api/limits.conf': 'max_conns: 10\n',
          '/etc/api/deploy.yaml': MANIFEST,
        },
      },
    ],
  });
  const cache = deployment(sandbox.cluster, {
    namespace: NS,
    name: 'cache',
    replicas: 1,
    containers: [
      {
        name: 'cache',
        image: 'redis:7.4',
        env: { REDIS_PASSWORD: 'EnvPlanted20', ...ENV },
        resources: { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } },
      },
    ],
  });
  apiPods = api.pods.map((p) => p.metadata.name);
  for (const obj of [api.deployment, ...api.pods]) {
    sandbox.cluster.update(obj.kind, NS, obj.metadata.name, (o) => {
      o.metadata.annotations = {
        ...o.metadata.annotations,
        'config.example/env': ANNOTATION,
        'config.example/dsn': 'postgres://app:UrlEnvPlanted13@db/app',
      };
    });
  }
  // api restarts rapidly but runs, so the model can read its files; cache is OOMKilled, for the runbook.
  for (const pod of apiPods) {
    crashLoop(sandbox.cluster, NS, pod, { restarts: 6, logs: { previous: LOG, current: `booting\n${LOG}` } });
    recover(sandbox.cluster, NS, pod);
    sandbox.cluster.updateStatus('Pod', NS, pod, (p) => {
      p.status!.containerStatuses[0].lastState.terminated.message = SECRETS.slice(0, 8)
        .map((s) => s.line)
        .join('\n');
    });
  }
  for (const p of cache.pods)
    oomKilled(sandbox.cluster, NS, p.metadata.name, { restarts: 3, logs: { previous: `${LOG}\nout of memory` } });
  for (const [i, s] of SECRETS.entries()) {
    for (const pod of [...apiPods, cache.pods[0]!.metadata.name])
      sandbox.cluster.addEvent(
        NS,
        { kind: 'Pod', name: pod },
        { type: 'Warning', reason: `Leak${i}`, message: s.line },
      );
  }
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const summary = {
  rootCause: 'The config points at port 5433, where nothing listens.',
  confidence: 'high',
  risk: 'low',
} as const;

/** The api diagnosis: read every place a secret hides, then try to rewrite the file that holds them. */
function apiTurn(step: number, req: MessagesRequest): Reply {
  const [one, two] = apiPods as [string, string];
  if (step > 0) toolAnswers.push(...toolResults(req));
  if (step > 1) refusals.push(toolResults(req)[0]?.text ?? '');
  switch (step) {
    case 0:
      return reply(
        ...lookEverywhere(one, two, [
          '/etc/api/config.yaml',
          '/etc/api/app.env',
          '/etc/api/tls.key',
          '/etc/api/deploy.yaml',
        ]),
        toolUse(t('run_readonly_command'), { pod: two, command: 'ps' }),
        toolUse(t('list_dir'), { pod: two, path: '/etc/api' }),
      );
    case 1:
      // A rewrite that drops the masked lines instead of writing [REDACTED] back.
      return reply(
        toolUse(t('propose_fix'), {
          summary,
          actions: [
            {
              type: 'edit_file',
              reason: 'Point upstream at 5432',
              pod: two,
              container: 'api',
              path: '/etc/api/config.yaml',
              content: 'listen: 8080\nupstream: db.shop.svc:5432\n',
            },
          ],
        }),
      );
    case 2:
      return reply(
        toolUse(t('propose_fix'), {
          summary,
          actions: [
            {
              type: 'edit_file',
              reason: 'Allow more connections',
              pod: two,
              container: 'api',
              path: '/etc/api/limits.conf',
              content: 'max_conns: 50\n',
              expectedSha256: sha('max_conns: 10\n'),
            },
          ],
        }),
      );
    default:
      return reply(text('Proposed raising the connection limit.'));
  }
}

const buttons = (m: FakeMessage | undefined): Array<{ action_id: string; value: string }> =>
  (m?.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** Clicks Approve on the proposal in the incident's thread, as Alice. */
async function approve(store: Store, incidentId: number): Promise<void> {
  const ts = store.getIncident(incidentId)?.slackTs;
  const proposal = await waitFor(
    () => slack.thread(ts ?? '').find((m) => buttons(m).some((b) => b.action_id === 'clopus_approve')),
    { timeoutMs: 60_000, what: `the Approve button of incident ${incidentId}` },
  );
  const value = buttons(proposal).find((b) => b.action_id === 'clopus_approve')!.value;
  await slack.sendEnvelope(
    'interactive',
    buttonPayload(slack, { actionId: 'clopus_approve', value, userId: ALICE, messageTs: proposal.ts }),
  ).ack;
}

beforeAll(async () => {
  sandbox = await startSandbox();
  slack = await startSlackFake();
  model = await startAnthropicFake([
    (req) => ({ ...apiTurn(req.messages.filter((m) => m.role === 'assistant').length, req), sticky: true }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'clopus-secrets-'));
  sandbox.writeKubeconfig(join(dir, 'kubeconfig'));
  stopRollout = autoRollout(sandbox.cluster, { delayMs: 50 });
  plant();
  const db = join(dir, 'clopus.db');
  const env = {
    ...slackEnv(slack, 'socket'),
    CLOPUS_DB_PATH: db,
    CLOPUS_NAMESPACES: NS,
    CLOPUS_VERIFY_WINDOW_SECONDS: '1',
    ANTHROPIC_API_KEY: 'sk-ant-test-key-0000',
    ANTHROPIC_BASE_URL: model.url,
    CLOPUS_CLAUDE_API_RETRIES: '0',
    CLOPUS_CLAUDE_TIMEOUT_SECONDS: '120',
    CLOPUS_DIAGNOSIS_CONCURRENCY: '1',
    CLOPUS_DIAGNOSIS_MAX_ATTEMPTS: '1',
  };
  const stop = new AbortController();
  const running = serveInProcess(join(dir, 'kubeconfig'), env, stop.signal);
  const store = openStore(db);
  try {
    const byName = (name: string) =>
      store.listIncidents({ limit: 10, offset: 0 }).items.find((i) => i.workloadName === name);
    await waitFor(
      () => byName('api')?.state === 'proposed' && byName('cache')?.state === 'proposed' && slack.openSockets() > 0,
      { timeoutMs: 120_000, intervalMs: 200, what: 'api and cache proposed, with Socket Mode connected' },
    );
    for (const name of ['cache', 'api']) if (byName(name)?.state === 'proposed') await approve(store, byName(name)!.id);
    await waitFor(
      () =>
        ['api', 'cache'].every((n) => ['verified', 'regressed', 'apply_failed'].includes(byName(n)?.state ?? '')) &&
        store.listOutbox({ status: ['pending', 'sending', 'failed'] }).length === 0,
      { timeoutMs: 90_000, intervalMs: 200, what: 'both fixes applied and judged, and the outbox sent' },
    );
    states = ['api', 'cache'].map((n) => `${n}:${byName(n)?.state}`);
  } finally {
    store.close();
    stop.abort();
    served = await running.done;
  }
  tables = databaseText(db);
  // Claude Code runs and applies in turn, on a machine that may be loaded: only a guard against a hang.
}, 400_000);

afterAll(async () => {
  stopRollout?.();
  await model?.close();
  await slack?.close();
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('secrets planted in the cluster', () => {
  it('went through the whole loop: both incidents diagnosed, approved in Slack, applied, cache verified', () => {
    expect(served).toBe(0);
    // api keeps its restart count, so it may still look like RapidRestarts: regressed is also "applied".
    expect(states).toEqual([expect.stringMatching(/^api:(verified|regressed)$/), 'cache:verified']);
    expect(
      sandbox.cluster.get('Deployment', NS, 'cache')?.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory,
    ).toBe('128Mi');
    expect(sandbox.cluster.files(NS, apiPods[1]!, 'api').get('/etc/api/limits.conf')?.toString()).toBe(
      'max_conns: 50\n',
    );
    // The model really was shown every place the secrets live, masked.
    expect(
      toolAnswers
        .filter((r) => !r.isError)
        .map((r) => r.name)
        .sort(),
    ).toEqual(
      [
        'describe_pod',
        'describe_workload',
        'get_events',
        'get_logs',
        'get_logs',
        'list_dir',
        'propose_fix',
        'read_file',
        'read_file',
        'read_file',
        'read_file',
        'run_readonly_command',
      ].map(t),
    );
    expect(toolAnswers.map((r) => r.text).join('\n')).toContain('DB_PASSWORD=[REDACTED]');
    expect(allText(model.main[0]!.body!)).toContain('SMTP_PASSWORD=[REDACTED]');
  });

  it('refuses to rewrite a file whose secrets the model only saw masked: applying would need them, and store them', () => {
    expect(refusals[0]).toMatch(/^Refused:\n- action 1 \(edit_file\): .*\/etc\/api\/config\.yaml holds secrets/);
    expect(refusals[1]).toMatch(/^Proposal recorded/);
  });

  it.each(PLANTED)('never sends %s to Slack', (secret) => {
    const sent = stringsIn([slack.calls.map((c) => c.params), slack.responses, slack.ephemerals]);

    expect(sent).not.toContain(secret);
  });

  it.each(PLANTED)('never sends %s to the model', (secret) => {
    const bodies = model.requests.map((r) => `${r.raw}\n${r.body ? allText(r.body) : ''}`).join('\n');

    expect(bodies).not.toContain(secret);
  });

  it.each(PLANTED)('never stores %s in any table', (secret) => {
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining(['incidents', 'evidence', 'diagnoses', 'proposals', 'applied_actions', 'audit', 'outbox']),
    );
    expect(
      Object.entries(tables)
        .filter(([, rows]) => rows.includes(secret))
        .map(([table]) => table),
    ).toEqual([]);
  });
});

describe('a patch applied to a workload with secret env values', () => {
  const secretEnv = {
    DB_PASSWORD: 'RollbackPlanted30',
    DATABASE_URL: 'postgres://app:RollbackPlanted31@db/app',
    REGION: 'eu-west-1',
  };
  const limit = (memory: string) => ({
    spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { memory } } }] } } },
  });

  async function applied() {
    const sb = await startSandbox();
    const { pods } = deployment(sb.cluster, {
      namespace: NS,
      name: 'api',
      replicas: 1,
      containers: [{ name: 'api', image: 'shop/api:2.0', env: secretEnv, resources: { limits: { memory: '64Mi' } } }],
    });
    const kube = new KubeClient(sb.kubeConfig());
    const recorder = memoryActionRecorder();
    const incident = {
      id: 1,
      namespace: NS,
      workloadKind: 'Deployment' as const,
      workloadName: 'api',
      pods: pods.map((p) => ({ name: p.metadata.name, uid: p.metadata.uid ?? '' })),
    };
    const proposal = {
      summary,
      actions: [{ type: 'patch_workload' as const, reason: 'More memory', patch: limit('128Mi') }],
    };
    const before = structuredClone(sb.cluster.get('Deployment', NS, 'api')!.spec);
    const out = await applyProposal({
      kube,
      proposalId: 1,
      proposal,
      incident,
      planned: { podUids: {} },
      recorder,
      logger: silentLogger(),
    });
    const rollback = () => rollbackProposal({ kube, recorder, proposalId: 1, logger: silentLogger() });
    return { sb, recorder, before, out, rollback };
  }

  it('records the spec with the secret values masked, and a rollback restores them from the live workload', async () => {
    const { sb, recorder, before, out, rollback } = await applied();
    try {
      const undone = await rollback();

      expect(out.status).toBe('applied');
      expect(JSON.stringify(recorder.rows)).not.toMatch(/RollbackPlanted3[01]/);
      expect(JSON.stringify(recorder.rows)).toContain('eu-west-1');
      expect(undone.status).toBe('rolled_back');
      expect(sb.cluster.get('Deployment', NS, 'api')!.spec).toEqual(before);
    } finally {
      await sb.stop();
    }
  });

  it('refuses the rollback, rather than write a mask, when the secret it would need is gone from the workload', async () => {
    const { sb, rollback } = await applied();
    try {
      sb.cluster.update('Deployment', NS, 'api', (d) => {
        const c = d.spec!.template.spec.containers[0];
        c.env = c.env.filter((e: { name: string }) => e.name !== 'DB_PASSWORD');
      });

      const undone = await rollback();

      expect(undone.status).not.toBe('rolled_back');
      expect(undone.results[0]).toMatchObject({
        status: 'failed',
        detail: expect.stringMatching(/changed since the fix \(spec\.template\)/),
      });
      expect(JSON.stringify(sb.cluster.get('Deployment', NS, 'api')!.spec)).not.toContain('[REDACTED]');
    } finally {
      await sb.stop();
    }
  });
});
