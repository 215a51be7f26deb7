// A modal's submission at the edge: who submitted it, the context its opener put in private_metadata, and the text
// typed into its one input. Parsed once; the listener then trusts it.
import { z } from 'zod';
import { MODAL, type ModalContext, type ModalKind } from '../../ids.js';

const UserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);
const Id = z.number().int().positive();

const Context = z.object({
  incidentId: Id,
  proposalId: Id,
  actionsHash: z.string().regex(/^[0-9a-f]{16}$/),
  channel: z.string().min(1).max(40).optional(),
  threadTs: z
    .string()
    .regex(/^\d{1,12}\.\d{1,8}$/)
    .optional(),
}) satisfies z.ZodType<ModalContext>;

const Submission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: UserId }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({
      values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }))),
    }),
  }),
});

export interface ModalSubmission {
  userId: string;
  context: ModalContext;
  /** What was typed, trimmed; empty when nothing was. */
  text: string;
}

/** The submission of the `kind` modal, or why it cannot be read. */
export function parseSubmission(
  body: unknown,
  kind: ModalKind,
): { ok: true; value: ModalSubmission } | { ok: false; issues: string[] } {
  const sub = Submission.safeParse(body);
  if (!sub.success) return { ok: false, issues: sub.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  let metadata: unknown;
  try {
    metadata = JSON.parse(sub.data.view.private_metadata);
  } catch {
    return { ok: false, issues: ['private_metadata is not JSON'] };
  }
  const context = Context.safeParse(metadata);
  if (!context.success)
    return { ok: false, issues: context.error.issues.map((i) => `private_metadata.${i.path.join('.')}: ${i.message}`) };
  const input = MODAL[kind].input;
  const text = sub.data.view.state.values[input]?.[input]?.value ?? '';
  return { ok: true, value: { userId: sub.data.user.id, context: context.data, text: text.trim() } };
}
