// Questions about an incident, answered by the real Claude Code binary against the Messages API fake: the answer is
// redacted and recorded with its cost, a second question resumes the first one's session, and the hourly limits,
// the incident's budget and missing credentials each refuse with a sentence before any model call.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { modelAccess } from '../../src/planner/index.js';
import { type Conversation, createConversation, sessionDir } from '../../src/runner/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { allText, reply, text } from '../fakes/anthropic.js';
import { SECRETS, startWorld, storeWorldIncident, type World } from '../fixer/claude/harness.js';

const ASKER = 'slack:U0ALICE';
const HOUR = 3_600_000;

let world: World;
let store: Store;
let dir: string;
let clock: number;
beforeEach(async () => {
  world = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'clopus-conversation-'));
  clock = Date.parse('2026-11-02T10:00:00.000Z');
  store = openStore(join(dir, 'clopus.db'), { now: () => new Date(clock) });
});
afterEach(async () => {
  store.close();
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const incident = (): number =>
  storeWorldIncident(store, world, { key: Math.random(), at: new Date(clock).toISOString() });

function conversation(env: Record<string, string> = {}, opts: { credentials?: boolean } = {}): Conversation {
  const config = loadConfig({ CLOPUS_CLAUDE_API_RETRIES: '0', CLOPUS_CLAUDE_TIMEOUT_SECONDS: '120', ...env });
  const access =
    opts.credentials === false
      ? undefined
      : modelAccess(config.fixer, { ANTHROPIC_BASE_URL: world.fake.url, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000' });
  return createConversation({
    store,
    kube: world.kube,
    config,
    access,
    logger: silentLogger(),
    now: () => new Date(clock),
    sessionsDir: join(dir, 'sessions'),
  });
}

/** Answers already given in this hour (they ran a model, so they count), recorded as the conversation records them. */
function answered(incidentId: number, n: number, askedBy = ASKER): void {
  for (let i = 0; i < n; i++)
    store.recordAnswer({ incidentId, askedBy, question: `earlier ${i}`, status: 'answered', answer: 'ok' });
}

describe('a question about an incident', () => {
  it('is answered by Claude, redacted, and recorded with its cost in the incident model usage', async () => {
    const id = incident();
    world.fake.load([
      () =>
        reply(
          text(
            'The database refuses connections. The log also shows DB_PASSWORD=hunter2 and AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE.',
          ),
        ),
    ]);

    const result = await conversation().ask({ incidentId: id, askedBy: ASKER, question: '  why does web crash?  ' });

    expect(result).toMatchObject({ ok: true, resumed: false });
    if (!result.ok) throw new Error(result.message);
    expect(result.text).toContain('The database refuses connections.');
    for (const secret of SECRETS) expect(result.text).not.toContain(secret);
    const asked = world.fake.main.at(-1)!;
    expect(allText(asked.body!)).toContain('why does web crash?');
    expect(allText(asked.body!)).toContain('connection refused');
    const [stored] = store.answersOf(id);
    expect(stored).toMatchObject({
      id: result.answerId,
      askedBy: ASKER,
      question: 'why does web crash?',
      status: 'answered',
      answer: result.text,
    });
    expect(stored!.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored!.costUsd).toBeGreaterThan(0);
    expect(stored!.inputTokens).toBeGreaterThan(0);
    expect(store.incidentModelUsage(id)).toMatchObject({ runs: 1, costUsd: stored!.costUsd });
    expect(JSON.stringify(store.answersOf(id))).not.toMatch(/hunter2|AKIAIOSFODNN7EXAMPLE/);
    expect(store.auditTrail(id).at(-1)).toMatchObject({ actor: ASKER, action: 'answer' });
  });

  it('resumes the session of the previous one: same session ID, and the model sees the earlier exchange', async () => {
    const id = incident();
    const c = conversation();
    world.fake.load([() => reply(text('It cannot reach db.shop.svc on port 5433.'))]);
    const first = await c.ask({ incidentId: id, askedBy: ASKER, question: 'why does it crash?' });
    expect(first.ok).toBe(true);
    expect(existsSync(sessionDir(join(dir, 'sessions'), id))).toBe(true);
    world.fake.load([() => reply(text('Port 5433; the Service listens on 5432.'))]);

    const second = await c.ask({ incidentId: id, askedBy: 'slack:U0BOB', question: 'which port does it dial?' });

    expect(second).toMatchObject({ ok: true, resumed: true, text: 'Port 5433; the Service listens on 5432.' });
    const [a, b] = store.answersOf(id);
    expect(b!.sessionId).toBe(a!.sessionId);
    const seen = allText(world.fake.main.at(-1)!.body!);
    expect(seen).toContain('why does it crash?');
    expect(seen).toContain('It cannot reach db.shop.svc on port 5433.');
    expect(seen).toContain('which port does it dial?');
    expect(store.incidentModelUsage(id).runs).toBe(2);
  });

  it("refuses a person's question past their hourly limit, without a model call, and counts only the last hour", async () => {
    const id = incident();
    answered(id, 2);
    const c = conversation({ CLOPUS_ANSWERS_PER_USER_PER_HOUR: '2' });
    const before = world.fake.requests.length;

    const refused = await c.ask({ incidentId: id, askedBy: ASKER, question: 'and now?' });

    expect(refused).toMatchObject({
      ok: false,
      message: 'You asked 2 questions in the last hour, the most allowed; try again later.',
    });
    expect(world.fake.requests.length).toBe(before);
    expect(store.answersOf(id).at(-1)).toMatchObject({ status: 'refused', question: 'and now?' });
    // A refusal ran no model: it does not use the limit up, so an hour after the answers the person may ask again.
    clock += HOUR + 1000;
    world.fake.load([() => reply(text('Still the database.'))]);
    expect(await c.ask({ incidentId: id, askedBy: ASKER, question: 'and now?' })).toMatchObject({ ok: true });
  });

  it('refuses past the per-incident limit and past the incident budget, each with its sentence', async () => {
    const id = incident();
    answered(id, 3, 'slack:U0OTHER');
    const perIncident = conversation({ CLOPUS_ANSWERS_PER_INCIDENT_PER_HOUR: '3' });
    const spent = incident();
    store.recordAnswer({
      incidentId: spent,
      askedBy: 'slack:U0OTHER',
      question: 'expensive',
      status: 'answered',
      answer: 'ok',
      usage: { model: 'claude', turns: 3, inputTokens: 10, outputTokens: 10, costUsd: 1.25, durationMs: 1 },
    });
    const budget = conversation({ CLOPUS_INCIDENT_BUDGET_USD: '1.25' });

    const a = await perIncident.ask({ incidentId: id, askedBy: ASKER, question: 'why?' });
    const b = await budget.ask({ incidentId: spent, askedBy: ASKER, question: 'why?' });

    expect(a).toMatchObject({
      ok: false,
      message: `Incident ${id} had 3 questions in the last hour, the most allowed for one incident; try again later.`,
    });
    expect(b).toMatchObject({
      ok: false,
      message: `The model has spent $1.25 on incident ${spent}, its whole budget (fixer.incidentBudgetUsd, $1.25); it answers no more questions about it.`,
    });
    expect(world.fake.requests).toEqual([]);
  });

  it('says in one sentence that there are no model credentials, and calls no model', async () => {
    const id = incident();

    const result = await conversation({}, { credentials: false }).ask({
      incidentId: id,
      askedBy: ASKER,
      question: 'why?',
    });

    expect(result).toMatchObject({
      ok: false,
      message:
        "Clopus cannot answer questions here: no model credentials are configured (set ANTHROPIC_API_KEY or another provider's variables).",
    });
    expect(world.fake.requests).toEqual([]);
    expect(store.incidentModelUsage(id).runs).toBe(0);
  });

  it.each([
    ['', 'Ask a question about the incident, e.g. "why does it crash?".'],
    ['x'.repeat(2001), 'That question is 2001 characters long; ask in at most 2000.'],
  ])('refuses a question of %#: nothing recorded', async (question, message) => {
    const id = incident();

    const result = await conversation().ask({ incidentId: id, askedBy: ASKER, question });

    expect(result).toEqual({ ok: false, message });
    expect(store.answersOf(id)).toEqual([]);
  });
});
