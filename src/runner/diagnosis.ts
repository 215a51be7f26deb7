// Recording planner runs: one diagnosis row per incident and attempt (model, turns, tokens, cost, duration,
// outcome) and the proposal it produced. The interface is what the store will implement in SQL.
import { describeError } from '../errors.js';
import type { ClaudePlannerResult, PlannerUsage, Proposal } from '../planner/index.js';
import type { DiagnosisStatus, PlannerName } from '../store/index.js';

export type { DiagnosisStatus, PlannerName };

export interface DiagnosisStart {
  incidentId: number;
  /** 1, 2, …: (incidentId, attempt) is unique, so a retried start is harmless. */
  attempt: number;
  planner: PlannerName;
  model: string | null;
  startedAt: string;
}

export interface DiagnosisFinish {
  status: Exclude<DiagnosisStatus, 'running'>;
  usage: PlannerUsage;
  finishedAt: string;
  error?: string;
  explanation?: string;
}

export interface NewProposal {
  incidentId: number;
  diagnosisId: number;
  proposal: Proposal;
  diff: string;
  createdAt: string;
}

export interface DiagnosisRecorder {
  /** Inserts the diagnosis (or finds the existing one for the same incident and attempt) and returns its id. */
  startDiagnosis(start: DiagnosisStart): number;
  /** Sets the outcome and usage of a running diagnosis; a finished one is left as it is. */
  finishDiagnosis(id: number, finish: DiagnosisFinish): void;
  saveProposal(p: NewProposal): number;
}

export interface DiagnosisRow extends DiagnosisStart, Partial<Omit<DiagnosisFinish, 'status'>> {
  id: number;
  status: DiagnosisStatus;
}

/** An in-memory recorder, for tests and until the store backs it. */
export function memoryDiagnosisRecorder(): DiagnosisRecorder & {
  diagnoses: DiagnosisRow[];
  proposals: Array<NewProposal & { id: number }>;
} {
  const diagnoses: DiagnosisRow[] = [];
  const proposals: Array<NewProposal & { id: number }> = [];
  return {
    diagnoses,
    proposals,
    startDiagnosis(start) {
      const existing = diagnoses.find((d) => d.incidentId === start.incidentId && d.attempt === start.attempt);
      if (existing) return existing.id;
      const row: DiagnosisRow = { ...start, id: diagnoses.length + 1, status: 'running' };
      diagnoses.push(row);
      return row.id;
    },
    finishDiagnosis(id, finish) {
      const row = diagnoses.find((d) => d.id === id);
      if (row && row.status === 'running') Object.assign(row, finish, { model: finish.usage.model ?? row.model });
    },
    saveProposal(p) {
      const row = { ...p, id: proposals.length + 1 };
      proposals.push(row);
      return row.id;
    },
  };
}

/** Runs a planner once and records it: the diagnosis row, its usage and outcome, and the proposal if any. */
export async function recordDiagnosis(
  recorder: DiagnosisRecorder,
  start: Omit<DiagnosisStart, 'startedAt'>,
  run: () => Promise<ClaudePlannerResult>,
  opts: { diffOf?: (p: Proposal) => string | Promise<string>; now?: () => Date } = {},
): Promise<{ diagnosisId: number; result: ClaudePlannerResult; proposalId?: number }> {
  const now = opts.now ?? (() => new Date());
  const diagnosisId = recorder.startDiagnosis({ ...start, startedAt: now().toISOString() });
  let result: ClaudePlannerResult;
  try {
    result = await run();
  } catch (err) {
    const usage: PlannerUsage = {
      model: start.model,
      turns: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      durationMs: 0,
    };
    result = { outcome: 'failed', reason: `the planner could not run: ${describeError(err)}`, usage };
  }
  const finishedAt = now().toISOString();
  if (result.outcome === 'failed') {
    recorder.finishDiagnosis(diagnosisId, { status: 'failed', usage: result.usage, finishedAt, error: result.reason });
    return { diagnosisId, result };
  }
  if (result.outcome === 'no_fix') {
    recorder.finishDiagnosis(diagnosisId, {
      status: 'no_fix',
      usage: result.usage,
      finishedAt,
      explanation: result.explanation,
    });
    return { diagnosisId, result };
  }
  const diff = opts.diffOf ? await opts.diffOf(result.proposal) : '';
  const proposalId = recorder.saveProposal({
    incidentId: start.incidentId,
    diagnosisId,
    proposal: result.proposal,
    diff,
    createdAt: finishedAt,
  });
  recorder.finishDiagnosis(diagnosisId, {
    status: 'proposed',
    usage: result.usage,
    finishedAt,
    explanation: result.proposal.summary.rootCause,
  });
  return { diagnosisId, result, proposalId };
}
