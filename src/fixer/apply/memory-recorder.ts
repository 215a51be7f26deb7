// An ActionRecorder in memory, for tests and for runs without a store; it keeps the store's contract (insert
// keeps the first row per key, mark updates in place).
import type { ActionRecord, ActionRecorder } from './types.js';

export function memoryActionRecorder(): ActionRecorder & { readonly rows: ActionRecord[] } {
  const rows: ActionRecord[] = [];
  const find = (proposalId: number, seq: number): ActionRecord | undefined => rows.find((r) => r.proposalId === proposalId && r.seq === seq);
  return {
    rows,
    record(entry) {
      if (!find(entry.proposalId, entry.seq)) rows.push(structuredClone(entry));
    },
    mark(proposalId, seq, update) {
      const row = find(proposalId, seq);
      if (row) Object.assign(row, update);
      return row !== undefined;
    },
    list(proposalId) {
      return rows.filter((r) => r.proposalId === proposalId).sort((a, b) => a.seq - b.seq).map((r) => structuredClone(r));
    },
  };
}
