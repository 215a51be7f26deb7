import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { diagnosisObjects } from '../../src/runner/runners.js';
import { restrictedViolations } from './pod-security.js';

describe('a diagnosis Job', () => {
  it('runs a pod that meets Pod Security "restricted", which the clopus namespace enforces', () => {
    const settings = { ...loadConfig({}).runner.job, namespace: 'clopus', image: 'registry.example/clopus:0.1.0' };

    const { job } = diagnosisObjects({ incidentId: 7, input: '{}', timeoutMs: 180_000, settings });

    const pod = (job as { spec: { template: { spec: unknown } } }).spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
  });
});
