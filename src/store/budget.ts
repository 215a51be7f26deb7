// An incident's model budget (fixer.incidentBudgetUsd): what its diagnoses, revisions and answers have spent, and
// what is left. Request changes, a revised diagnosis and a thread question each stop when nothing is.
import { DEFAULT_INCIDENT_BUDGET_USD } from '../config/index.js';
import type { Store } from './store.js';

export interface IncidentBudget {
  spentUsd: number;
  budgetUsd: number;
  /** Never below 0; 0 means spent. */
  leftUsd: number;
}

export function incidentBudget(
  store: Pick<Store, 'incidentModelUsage'>,
  incidentId: number,
  budgetUsd: number = DEFAULT_INCIDENT_BUDGET_USD,
): IncidentBudget {
  const spentUsd = store.incidentModelUsage(incidentId).costUsd;
  return { spentUsd, budgetUsd, leftUsd: Math.max(0, budgetUsd - spentUsd) };
}
