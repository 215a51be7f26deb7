// Running diagnoses: the queue the detector feeds, its retries and sweeps, and the runners (in-process or a Kubernetes Job) that
// carry a diagnosis out. Other modules import only what is exported here.

export {
  type AskHooks,
  type AskResult,
  type Conversation,
  type ConversationDeps,
  createConversation,
  type Question,
  sessionDir,
} from './conversation/index.js';
export { createDiagnosisQueue } from './diagnoser/index.js';
export type { DiagnosisQueue } from './diagnoser/queue.js';
export { sweepDiagnoses } from './diagnoser/sweep.js';
export type { DiagnoseDeps, DiagnoseOutcome } from './diagnoser/types.js';
export { failed, resultLine, runDiagnosis } from './run.js';
export { createRunner } from './runners.js';
export { DiagnosisInput, DiagnosisResult } from './schema.js';
