// The demo's stage: the embedded sandbox cluster with the scenario's workloads, the Slack fake when no workspace is
// configured, and the temporary directory for its kubeconfig, policy file and (unless --db) database, which goes
// with the process however it ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterState, simulate, startSandbox } from '../sandbox/index.js';
import { GITOPS, type GitOpsStage, ordersBehaviour, startGitOpsStage } from './gitops.js';
import { behaviours, buildScenario, TRUSTED } from './scenario.js';
import { type SlackStage, startSlackStage, wantsSlackFake } from './slack-stage.js';

export interface DemoStage {
  sandbox: Awaited<ReturnType<typeof startSandbox>>;
  stopRollouts: () => void;
  /** The GitOps workload's forge and Argo CD; stopped by stopRollouts' caller with the sandbox. */
  gitops: GitOpsStage;
  /** The Slack fake the app posts to, when no Slack tokens are set; stopped after the app. */
  slack: SlackStage | undefined;
  dir: string;
  kubeconfig: string;
  /** The environment the demo's config and Slack are read from. */
  env: Record<string, string | undefined>;
}

export async function setUpStage(db: string | undefined): Promise<DemoStage> {
  const cluster = new ClusterState();
  buildScenario(cluster);
  // The pods follow their causes: a patched Deployment rolls out, and the new pods start only if the fix was right.
  const stopRollouts = simulate(cluster, [...behaviours, ordersBehaviour]);
  const gitops = await startGitOpsStage(cluster);
  const sandbox = await startSandbox({ cluster });
  const slack = wantsSlackFake(process.env) ? await startSlackStage() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'clopus-demo-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = join(dir, 'kubeconfig');
  sandbox.writeKubeconfig(kubeconfig);
  // The demo's policy: its trusted namespace may get workload patches without a person, like a team's staging.
  const policyFile = join(dir, 'demo.yaml');
  writeFileSync(
    policyFile,
    `policy:\n  trusted:\n    - name: demo-trusted\n      namespaces: [${TRUSTED}]\n      classes: [resources, image-rollback, restart-pod]\n      maxPerHour: 3\n    - name: demo-gitops\n      namespaces: [${GITOPS}]\n      classes: [resources]\n      maxPerHour: 3\n${gitops.configYaml}\n`,
  );
  const env = {
    ...process.env,
    CLOPUS_CONFIG: policyFile,
    CLOPUS_DB_PATH: db ?? join(dir, 'clopus.db'),
    CLOPUS_CLUSTER: 'sandbox',
    CLOPUS_VERIFY_WINDOW_SECONDS: process.env.CLOPUS_VERIFY_WINDOW_SECONDS ?? '5',
    ...slack?.env,
  };
  return { sandbox, stopRollouts, gitops, slack, dir, kubeconfig, env };
}
