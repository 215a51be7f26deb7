// A prompt-injected model proposing harm to the incident's *own* workload: every scope check passes, so only the
// envelope stands between it and the cluster. Each case must be refused, and the refusal must name the field,
// file, command or class at fault. Dry runs go to the sandbox API server through the real client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL } from './hostile-cases.js';
import { type EnvelopeWorld, startEnvelopeWorld } from './world.js';

let w: EnvelopeWorld;
beforeAll(async () => {
  w = await startEnvelopeWorld();
});
afterAll(async () => {
  await w?.close();
});

describe("the envelope refuses hostile proposals against the incident's own workload", () => {
  it('has at least 100 of them', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(100);
  });

  it.each(ALL)('%s', async (_name, actions, names) => {
    const { scope, envelope } = await w.judge(actions(w.pods));

    // They all target the incident's own objects, so the scope check passes them (a new container aside, which it
    // also refuses); the envelope must refuse each on its own.
    expect(scope.filter((p) => !p.includes('is not in the workload'))).toEqual([]);
    expect(envelope.ok).toBe(false);
    const problems = envelope.ok ? [] : envelope.problems;
    expect(problems.join('\n')).toMatch(names);
  });
});
