// Building a Store: open the file, migrate it, prepare statements once, and wrap every operation's failures.
import { type Logger, silentLogger } from '../logger.js';
import { advance } from './advance.js';
import { listAppliedActions, recordAppliedAction, updateAppliedAction } from './applied-actions.js';
import { auditTrail, recordAudit } from './audit.js';
import { batch } from './batch.js';
import { incidentChangesSince, incidentVersion } from './changes.js';
import { concludeDiagnosis } from './conclude.js';
import { openDatabase, toStoreError } from './connection.js';
import { createContext } from './context.js';
import { createIncident } from './create.js';
import { decideProposal, withdrawApproval } from './decide.js';
import { listDecisions, recordDecision } from './decisions.js';
import { countDiagnoses, finishDiagnosis, getDiagnosis, listDiagnoses, startDiagnosis } from './diagnoses.js';
import { addEvidence, latestEvidence, recentEvidence } from './evidence.js';
import { changeStamp, listNamespaces, ping } from './facets.js';
import { acquireLease, leaseHolder, releaseLease, renewLease } from './lease.js';
import { countByState, listIncidents } from './list.js';
import { detectionHistogram, metricsSnapshot } from './metrics.js';
import { migrate } from './migrations.js';
import { recordObservation } from './observe.js';
import {
  claimOutbox,
  dueOutbox,
  enqueueOutbox,
  failOutbox,
  latestOutboxFor,
  listOutbox,
  markOutboxSent,
  nextOutboxAt,
  outboxById,
  outboxByKey,
  recoverOutbox,
  retryOutbox,
  supersedeOutbox,
} from './outbox.js';
import { autoApprovalCounts, countAutoApprovals, getSetting, reserveAutoApproval, setSetting } from './policy-state.js';
import { getProposal, latestProposal, listProposals, saveProposal, setProposalStatus } from './proposals.js';
import { findLive, findRecentlyResolved, getIncident, inFlightWork, listLive } from './read.js';
import { setSlackMessage } from './slack-message.js';
import { prepareStatements } from './statements.js';
import { overviewStats } from './stats.js';
import type { Store } from './types.js';

export interface StoreOptions {
  /** The clock every stored time comes from; tests pin it. */
  now?: () => Date;
  logger?: Logger;
}

/** Turns any failure inside `fn` into a ClopusError that names the operation. */
function guarded<A extends unknown[], R>(op: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      throw toStoreError(op, err);
    }
  };
}

/** Opens (creating and migrating if needed) the SQLite store at `path`; `':memory:'` gives a private one. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const logger = options.logger ?? silentLogger();
  const db = openDatabase(path, logger);
  try {
    migrate(db, { path, logger });
    const ctx = createContext(db, prepareStatements(db), options.now ?? (() => new Date()), logger);
    return {
      path,
      createIncident: guarded('createIncident', (input, actor) => createIncident(ctx, input, actor)),
      getIncident: guarded('getIncident', (id) => getIncident(ctx, id)),
      findLive: guarded('findLive', (fingerprint) => findLive(ctx, fingerprint)),
      findRecentlyResolved: guarded('findRecentlyResolved', (fp, since) => findRecentlyResolved(ctx, fp, since)),
      listLive: guarded('listLive', () => listLive(ctx)),
      listIncidents: guarded('listIncidents', (query) => listIncidents(ctx, query)),
      countByState: guarded('countByState', () => countByState(ctx)),
      transition: guarded('transition', (id, from, to, meta) => advance(ctx, id, from, to, meta)),
      recordObservation: guarded('recordObservation', (id, observation) => recordObservation(ctx, id, observation)),
      setSlackMessage: guarded('setSlackMessage', (id, channel, ts) => setSlackMessage(ctx, id, channel, ts)),
      addEvidence: guarded('addEvidence', (incidentId, evidence) => addEvidence(ctx, incidentId, evidence)),
      latestEvidence: guarded('latestEvidence', (incidentId) => latestEvidence(ctx, incidentId)),
      recordAudit: guarded('recordAudit', (incidentId, actor, action, detail) =>
        recordAudit(ctx, incidentId, actor, action, detail),
      ),
      auditTrail: guarded('auditTrail', (incidentId) => auditTrail(ctx, incidentId)),
      inFlightWork: guarded('inFlightWork', (incidentId) => inFlightWork(ctx, incidentId)),
      recentEvidence: guarded('recentEvidence', (incidentId, limit) => recentEvidence(ctx, incidentId, limit)),
      startDiagnosis: guarded('startDiagnosis', (input) => startDiagnosis(ctx, input)),
      finishDiagnosis: guarded('finishDiagnosis', (id, finish) => finishDiagnosis(ctx, id, finish)),
      getDiagnosis: guarded('getDiagnosis', (id) => getDiagnosis(ctx, id)),
      listDiagnoses: guarded('listDiagnoses', (incidentId) => listDiagnoses(ctx, incidentId)),
      countDiagnoses: guarded('countDiagnoses', (incidentId) => countDiagnoses(ctx, incidentId)),
      concludeDiagnosis: guarded('concludeDiagnosis', (input) => concludeDiagnosis(ctx, input)),
      saveProposal: guarded('saveProposal', (input) => saveProposal(ctx, input)),
      getProposal: guarded('getProposal', (id) => getProposal(ctx, id)),
      latestProposal: guarded('latestProposal', (incidentId) => latestProposal(ctx, incidentId)),
      listProposals: guarded('listProposals', (incidentId) => listProposals(ctx, incidentId)),
      setProposalStatus: guarded('setProposalStatus', (id, from, to) => setProposalStatus(ctx, id, from, to)),
      recordDecision: guarded('recordDecision', (input) => recordDecision(ctx, input)),
      listDecisions: guarded('listDecisions', (proposalId) => listDecisions(ctx, proposalId)),
      decideProposal: guarded('decideProposal', (input) => decideProposal(ctx, input)),
      withdrawApproval: guarded('withdrawApproval', (input) => withdrawApproval(ctx, input)),
      recordAppliedAction: guarded('recordAppliedAction', (input) => recordAppliedAction(ctx, input)),
      updateAppliedAction: guarded('updateAppliedAction', (proposalId, seq, update) =>
        updateAppliedAction(ctx, proposalId, seq, update),
      ),
      listAppliedActions: guarded('listAppliedActions', (proposalId) => listAppliedActions(ctx, proposalId)),
      overviewStats: guarded('overviewStats', (since, until) => overviewStats(ctx, since, until)),
      metricsSnapshot: guarded('metricsSnapshot', () => metricsSnapshot(ctx)),
      detectionHistogram: guarded('detectionHistogram', (afterId) => detectionHistogram(ctx, afterId)),
      listNamespaces: guarded('listNamespaces', (limit) => listNamespaces(ctx, limit)),
      ping: guarded('ping', () => ping(ctx)),
      changeStamp: guarded('changeStamp', () => changeStamp(ctx)),
      batch: (fn) => guarded('batch', () => batch(ctx, fn))(),
      enqueueOutbox: guarded('enqueueOutbox', (items) => enqueueOutbox(ctx, items)),
      dueOutbox: guarded('dueOutbox', (limit) => dueOutbox(ctx, limit)),
      nextOutboxAt: guarded('nextOutboxAt', () => nextOutboxAt(ctx)),
      claimOutbox: guarded('claimOutbox', (id) => claimOutbox(ctx, id)),
      markOutboxSent: guarded('markOutboxSent', (id, sent) => markOutboxSent(ctx, id, sent)),
      retryOutbox: guarded('retryOutbox', (id, retry) => retryOutbox(ctx, id, retry)),
      failOutbox: guarded('failOutbox', (id, error) => failOutbox(ctx, id, error)),
      supersedeOutbox: guarded('supersedeOutbox', (id, target) => supersedeOutbox(ctx, id, target)),
      recoverOutbox: guarded('recoverOutbox', () => recoverOutbox(ctx)),
      outboxByKey: guarded('outboxByKey', (key) => outboxByKey(ctx, key)),
      outboxById: guarded('outboxById', (id) => outboxById(ctx, id)),
      latestOutboxFor: guarded('latestOutboxFor', (target) => latestOutboxFor(ctx, target)),
      listOutbox: guarded('listOutbox', (filter) => listOutbox(ctx, filter)),
      incidentChangesSince: guarded('incidentChangesSince', (after, limit) => incidentChangesSince(ctx, after, limit)),
      incidentVersion: guarded('incidentVersion', (id) => incidentVersion(ctx, id)),
      getSetting: guarded('getSetting', (key) => getSetting(ctx, key)),
      setSetting: guarded('setSetting', (key, value, by) => setSetting(ctx, key, value, by)),
      countAutoApprovals: guarded('countAutoApprovals', (rule, ns, since) => countAutoApprovals(ctx, rule, ns, since)),
      autoApprovalCounts: guarded('autoApprovalCounts', (since) => autoApprovalCounts(ctx, since)),
      reserveAutoApproval: guarded('reserveAutoApproval', (req) => reserveAutoApproval(ctx, req)),
      acquireLease: guarded('acquireLease', (name, me, gone) => acquireLease(ctx, name, me, gone)),
      renewLease: guarded('renewLease', (name, holder) => renewLease(ctx, name, holder)),
      leaseHolder: guarded('leaseHolder', (name) => leaseHolder(ctx, name)),
      releaseLease: guarded('releaseLease', (name, holder) => releaseLease(ctx, name, holder)),
      close: () => {
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw toStoreError('open', err);
  }
}
