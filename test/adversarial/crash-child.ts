// A bot to kill with SIGKILL mid-apply. On start it does what `clopus serve` does first with the work a stopped bot
// left (recoverInterrupted) and prints {"recovered":N}; given an incident, it then prints "applying" and approves
// and applies that incident's proposal through the decision service, as a Slack click or `clopus approve` does.
// Usage: node crash-child.mjs DB_PATH KUBECONFIG [INCIDENT_ID]   (the test bundles it once, to start quickly)
import { DEFAULT_ENVELOPE } from '../../src/config/index.js';
import { KubeClient, loadKubeConfig } from '../../src/kube/index.js';
import { silentLogger } from '../../src/logger.js';
import { createDecisionService, type DecideDeps, recoverInterrupted } from '../../src/remediation/decide/index.js';
import { openStore } from '../../src/store/index.js';

const [dbPath = '', kubeconfig = '', incident] = process.argv.slice(2);
const store = openStore(dbPath);
const deps: DecideDeps = {
  store,
  kube: new KubeClient(await loadKubeConfig(kubeconfig)),
  logger: silentLogger(),
  // The test's exec copies the config file (crash-safety.test.ts CONFIG and RAN): a command the envelope admits
  // only because it is configured here, so each run leaves one write the sandbox can count.
  config: {
    verifyWindowSeconds: 1,
    proposalExpiryMinutes: 60,
    envelope: { ...DEFAULT_ENVELOPE, exec: [['cp', '/etc/web/config.yaml', '/tmp/ran.yaml']] },
  },
};
process.stdout.write(`${JSON.stringify({ recovered: recoverInterrupted(deps) })}\n`);
if (incident !== undefined) {
  process.stdout.write('applying\n');
  const result = await createDecisionService(deps).approve(Number(incident), 'cli:crash-test', 'cli');
  process.stdout.write(`${JSON.stringify({ outcome: result.outcome, message: result.message })}\n`);
}
store.close();
process.exit(0);
