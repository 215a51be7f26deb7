// An ActionRecorder in memory, for tests and for runs without a store; it keeps the store's contract (insert
// keeps the first finished row per key, replacing a begun one; mark updates in place).
import { STARTED } from './store-recorder.js';
import type { ActionRecord, ActionRecorder } from './types.js';

export function memoryActionRecorder(): ActionRecorder & { readonly rows: ActionRecord[] } {
  const rows: ActionRecord[] = [];
  const begun = new Set<ActionRecord>();
  const find = (proposalId: number, seq: number): ActionRecord | undefined =>
    rows.find((r) => r.proposalId === proposalId && r.seq === seq);
  return {
    rows,
    begin(entry) {
      if (find(entry.proposalId, entry.seq)) return;
      const row: ActionRecord = {
        ...structuredClone(entry),
        before: null,
        after: null,
        status: 'failed',
        detail: STARTED,
      };
      rows.push(row);
      begun.add(row);
    },
    record(entry) {
      const row = find(entry.proposalId, entry.seq);
      if (row && begun.delete(row)) Object.assign(row, structuredClone(entry));
      else if (!row) rows.push(structuredClone(entry));
    },
    mark(proposalId, seq, update) {
      const row = find(proposalId, seq);
      if (row) Object.assign(row, update);
      return row !== undefined;
    },
    list(proposalId) {
      return rows
        .filter((r) => r.proposalId === proposalId)
        .sort((a, b) => a.seq - b.seq)
        .map((r) => structuredClone(r));
    },
  };
}
