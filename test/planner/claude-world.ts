// The Claude planner harness (test/fixer/claude) with a revision or a session directory passed through, and
// questions answered against the same crashing Deployment and Messages API fake.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ENVELOPE } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { runClaudeAnswer } from '../../src/planner/claude/answer.js';
import { runClaudePlanner } from '../../src/planner/claude/planner.js';
import type {
  ClaudeAnswerInput,
  ClaudeAnswerResult,
  ClaudePlannerInput,
  ClaudePlannerResult,
} from '../../src/planner/claude/types.js';
import { checkEnvelope } from '../../src/planner/envelope/index.js';
import { fixerKube } from '../../src/planner/kube.js';
import { DEFAULT_LIMITS, firstRequest, startWorld, type World } from '../fixer/claude/harness.js';

export interface ClaudeWorld extends World {
  planWith(extra: Pick<ClaudePlannerInput, 'revision' | 'session'>): Promise<ClaudePlannerResult>;
  answer(
    extra: Pick<ClaudeAnswerInput, 'question' | 'askedBy' | 'resume'> & { dir: string },
  ): Promise<ClaudeAnswerResult>;
  /** A fresh directory for a session, removed at close. */
  sessionDir(): Promise<string>;
}

export async function startClaudeWorld(): Promise<ClaudeWorld> {
  const w = await startWorld();
  const dirs: string[] = [];
  const env = { vars: { ANTHROPIC_BASE_URL: w.fake.url, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000' } };
  const common = {
    incident: w.incident,
    evidence: w.evidence,
    kube: w.kube,
    limits: DEFAULT_LIMITS,
    logger: silentLogger(),
    env,
  };
  return {
    ...w,
    planWith: (extra) =>
      runClaudePlanner({
        ...common,
        ...extra,
        deadlineFrom: firstRequest(w.fake),
        validate: async (p) => {
          const v = await checkEnvelope(fixerKube(w.kube), w.incident, p, DEFAULT_ENVELOPE, silentLogger());
          return v.ok ? [] : v.problems;
        },
      }),
    answer: ({ dir, ...extra }) =>
      runClaudeAnswer({ ...common, ...extra, session: { dir }, deadlineFrom: firstRequest(w.fake) }),
    async sessionDir() {
      const dir = await mkdtemp(join(tmpdir(), 'clopus-session-'));
      dirs.push(dir);
      return dir;
    },
    async close() {
      await w.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}
