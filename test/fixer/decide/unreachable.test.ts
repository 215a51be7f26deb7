// An approval whose re-check cannot read the cluster (VPN down, a wrong context, credentials or RBAC refused, a
// failing API server) is not staleness: through the real bin/clopus.js, nothing changes, the approval is withdrawn
// unused, the proposal waits again, and the same approve applies it once the cluster answers.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type Proposed, proposedOom } from './setup.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'clopus.js');

let p: Proposed | undefined;
afterEach(async () => {
  await p?.h.close();
  p = undefined;
});

/** `clopus approve` as a script runs it, against the harness's database and sandbox. */
function approve(p: Proposed, kubeconfig: string) {
  return execa(process.execPath, [BIN, 'approve', String(p.incidentId), '--proposal', String(p.proposalId), '--yes'], {
    reject: false,
    input: '',
    env: {
      CLOPUS_DB_PATH: p.h.dbPath,
      KUBECONFIG: kubeconfig,
      CLOPUS_LOG_LEVEL: 'silent',
      CLOPUS_VERIFY_WINDOW_SECONDS: '1',
    },
  });
}

type Outage = (sandbox: Sandbox, during: () => Promise<void>) => Promise<void>;

const outages: Array<[string, Outage, RegExp]> = [
  [
    'the API server is down (connection refused)',
    (sandbox, during) => sandbox.restart({ whileDown: during }),
    /^Not applied: cannot reach the cluster to re-check the proposal \(.*cannot reach the API server at http:\/\/127\.0\.0\.1:\d+.*\)\. .* Try again once the cluster is reachable \(check the VPN and the kubeconfig context\)\./,
  ],
  [
    'RBAC forbids reading the namespace (403)',
    async (sandbox, during) => {
      sandbox.faults.allowedNamespaces = ['elsewhere'];
      await during();
      sandbox.faults.clear();
    },
    /^Not applied: the cluster refused Clopus's credentials or RBAC permissions while re-checking the proposal \(.*forbidden by RBAC \(403\).*narrow the namespaces watched\)\. .* Try again once the credentials or RBAC are fixed/,
  ],
  [
    'the credentials are rejected (401)',
    async (sandbox, during) => {
      sandbox.faults.inject({ path: /./, status: 401, times: Infinity });
      await during();
      sandbox.faults.clear();
    },
    /^Not applied: the cluster refused Clopus's credentials or RBAC permissions while re-checking the proposal \(.*rejected our credentials \(401\).*\)\. .* Try again once the credentials or RBAC are fixed/,
  ],
  [
    'the API server fails (503)',
    async (sandbox, during) => {
      sandbox.faults.inject({ path: /\/deployments\/cache/, status: 503, times: Infinity });
      await during();
      sandbox.faults.clear();
    },
    /^Not applied: the API server could not answer the re-check of the proposal \(.*503.*\)\. .* Try again in a moment\./,
  ],
];

describe('clopus approve while the cluster cannot be read', () => {
  it.each(outages)(
    'when %s: changes nothing, keeps the proposal pending and the approval unused; the same approve works afterwards',
    async (_what, outage, message) => {
      p = await proposedOom();
      const { h, incidentId, proposalId } = p;
      const kubeconfig = join(h.dbPath, '..', 'kubeconfig');
      h.sandbox.writeKubeconfig(kubeconfig);
      let failed: Awaited<ReturnType<typeof approve>> | undefined;

      await outage(h.sandbox, async () => {
        failed = await approve(p!, kubeconfig);
      });
      const during = {
        incident: h.store.getIncident(incidentId)?.state,
        proposal: h.store.getProposal(proposalId)?.status,
        decisions: h.store.listDecisions(proposalId),
        last: h.store.auditTrail(incidentId).at(-1),
      };
      const again = await approve(p, kubeconfig);

      expect(failed!.exitCode, failed!.stderr).toBe(1);
      expect(failed!.stdout).toMatch(message);
      expect(failed!.stdout).toContain(
        `Nothing was changed, and the approval was not used: proposal ${proposalId} still waits for a decision.`,
      );
      expect(failed!.stdout).toMatch(
        new RegExp(`^Next: Approve it again with: .*clopus approve ${incidentId} --proposal ${proposalId}$`, 'm'),
      );
      expect(during).toMatchObject({ incident: 'proposed', proposal: 'pending', decisions: [] });
      expect(during.last).toMatchObject({ fromState: 'approved', toState: 'proposed', action: 'recheck_failed' });
      expect(JSON.parse(during.last!.detail!)).toMatchObject({
        proposalId,
        withdrawn: { via: 'cli', actor: expect.stringMatching(/^cli:/) },
      });
      expect(again.exitCode, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toMatch(
        /^Approved by cli:\S+ and applied to deployment\/cache in namespace shop: patched deployment\/cache\./,
      );
      expect(p.limit()).toBe('128Mi');
      expect(p.patches()).toBe(1);
      expect(h.store.listDecisions(proposalId)).toEqual([expect.objectContaining({ decision: 'approve', via: 'cli' })]);
      expect(h.store.getIncident(incidentId)?.state).toBe('applied');
    },
    60_000,
  );

  it('still expires a proposal the cluster has really moved away from (the workload is gone)', async () => {
    p = await proposedOom();
    const kubeconfig = join(p.h.dbPath, '..', 'kubeconfig');
    p.h.sandbox.writeKubeconfig(kubeconfig);
    p.h.sandbox.cluster.delete('Deployment', 'shop', 'cache');

    const run = await approve(p, kubeconfig);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /^Not applied: the proposal no longer fits the cluster \(deployment\/cache no longer exists\)\. Nothing was changed; incident \d+ has expired\./,
    );
    expect(p.h.store.getIncident(p.incidentId)?.state).toBe('expired');
    expect(p.h.store.getProposal(p.proposalId)?.status).toBe('expired');
  }, 60_000);
});
