// Reading proposals back: the store keeps their JSON, the fixer parses it through the Proposal schema here, once.

import { z } from 'zod';
import { ClopusError } from '../../errors.js';
import type { ProposalRecord, Store } from '../../store/index.js';
import { CHANGE_CLASSES, type ClassifiedAction } from '../envelope/types.js';
import { GitOpsDelivery } from './delivery.js';
import { Proposal } from './schema.js';

export interface StoredProposal extends Omit<ProposalRecord, 'summary' | 'actions' | 'classes' | 'delivery'> {
  proposal: Proposal;
  /** The envelope's verdict per action when it was proposed; empty for proposals from before the envelope. */
  classes: ClassifiedAction[];
  /** A pull request to the manifests repository; undefined for a live fix. */
  delivery?: GitOpsDelivery;
}

const Classes = z.array(
  z.object({ seq: z.number().int().min(1), changeClass: z.enum(CHANGE_CLASSES), fields: z.array(z.string()) }),
);

/** Parses a stored proposal; a row that no longer fits the schema is a STORE_ERROR naming it, never applied. */
export function parseProposalRecord(record: ProposalRecord): StoredProposal {
  const { summary, actions, classes, delivery, ...rest } = record;
  const parsed = Proposal.safeParse({ summary, actions });
  const classified = Classes.safeParse(classes);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ClopusError(
      'STORE_ERROR',
      `Proposal ${record.id} in the database does not fit the proposal schema (${why}); it cannot be shown or applied.`,
    );
  }
  if (!classified.success)
    throw new ClopusError(
      'STORE_ERROR',
      `Proposal ${record.id} in the database has an unreadable change-class record; it cannot be applied.`,
    );
  const delivered = delivery === null || delivery === undefined ? undefined : GitOpsDelivery.safeParse(delivery);
  if (delivered && !delivered.success)
    throw new ClopusError(
      'STORE_ERROR',
      `Proposal ${record.id} in the database has an unreadable delivery record; it cannot be applied.`,
    );
  return {
    ...rest,
    proposal: parsed.data,
    classes: classified.data,
    ...(delivered ? { delivery: delivered.data } : {}),
  };
}

export function loadProposal(store: Pick<Store, 'getProposal'>, id: number): StoredProposal | undefined {
  const record = store.getProposal(id);
  return record === undefined ? undefined : parseProposalRecord(record);
}

/** The incident's newest proposal, whatever its status (check `status === 'pending'` before acting on it). */
export function loadLatestProposal(
  store: Pick<Store, 'latestProposal'>,
  incidentId: number,
): StoredProposal | undefined {
  const record = store.latestProposal(incidentId);
  return record === undefined ? undefined : parseProposalRecord(record);
}
