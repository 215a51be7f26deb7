// The app side of the ack benchmark, in its own process as in production (Slack is another machine): Slack in the
// given mode against the fake, a store of proposed incidents, and the real decision service. Talks over IPC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { silentLogger } from '../src/logger.js';
import { actionsHash, createDecisionService } from '../src/remediation/index.js';
import { startSlack } from '../src/slack/index.js';
import { openStore, type Store } from '../src/store/index.js';

/** Proposed incidents, each with the value its buttons carry (incident:proposal:hash of the actions shown). */
function proposedIncidents(store: Store, n: number): Array<{ incidentId: number; proposalId: number; value: string }> {
  const out: Array<{ incidentId: number; proposalId: number; value: string }> = [];
  for (let i = 0; i < n; i++) {
    const name = `web-${i}`;
    const id = store.createIncident(
      {
        fingerprint: `bench/shop/Deployment/${name}/app/CrashLoopBackOff`,
        cluster: 'bench',
        namespace: 'shop',
        workloadKind: 'Deployment',
        workloadName: name,
        container: 'app',
        reason: 'CrashLoopBackOff',
        message: 'back-off restarting failed container',
        restarts: 3,
        pods: [
          { name: `${name}-1`, uid: `u${i}`, restarts: 3, message: 'crash', lastSeenAt: new Date().toISOString() },
        ],
      },
      'detector',
    ).id;
    store.transition(id, 'open', 'diagnosing', { actor: 'fixer' });
    const p = store.saveProposal({
      incidentId: id,
      diagnosisId: null,
      summary: { rootCause: 'It crashes.', confidence: 'low', risk: 'low' },
      actions: [{ type: 'restart_pod', reason: 'restart', pod: `${name}-1` }],
      diff: `1. restart_pod shop/${name}-1\ndelete pod ${name}-1\n`,
    });
    store.transition(id, 'diagnosing', 'proposed', { actor: 'fixer' });
    out.push({ incidentId: id, proposalId: p.id, value: `${id}:${p.id}:${actionsHash(p.actions)}` });
  }
  return out;
}

const env = JSON.parse(process.env.BENCH_SLACK_ENV ?? '{}') as Record<string, string>;
const n = Number(process.env.BENCH_INCIDENTS ?? '50');
const dir = mkdtempSync(join(tmpdir(), 'clopus-bench-slack-'));
const config = loadConfig({ ...env, CLOPUS_DB_PATH: join(dir, 'clopus.db') });
const store = openStore(config.databasePath);
const incidents = proposedIncidents(store, n);
const decisions = createDecisionService({
  store,
  kube: undefined as never,
  config: config.fixer,
  logger: silentLogger(),
});
const slack = (await startSlack({ env, config, store, decisions, logger: silentLogger(), host: '127.0.0.1' }))!;
process.send!({ ready: true, port: slack.app.port ?? null, incidents });
process.on('message', (msg: { stop?: boolean }) => {
  if (!msg.stop) return;
  const rejected = incidents.filter((i) => store.getIncident(i.incidentId)?.state === 'rejected').length;
  void slack.stop().then(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    process.send!({ rejected }, () => process.exit(0));
  });
});
