// The JSON parts of an action record as they come back from the store: parsed once here, trusted after.
import { z } from 'zod';
import type { ActionAfter, ActionBefore, ActionTarget } from './types.js';

const WorkloadKind = z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']);
const Spec = z.record(z.string(), z.unknown());

export const ActionTargetJson = z.object({
  namespace: z.string(),
  pod: z.string().optional(),
  podUid: z.string().optional(),
  container: z.string().optional(),
  path: z.string().optional(),
  kind: WorkloadKind.optional(),
  name: z.string().optional(),
}) satisfies z.ZodType<ActionTarget>;

export const ActionBeforeJson = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file'), content: z.string().nullable(), sha256: z.string().nullable() }),
  z.object({ type: z.literal('spec'), spec: Spec, resourceVersion: z.string().optional() }),
  z.object({ type: z.literal('pod'), uid: z.string() }),
]) satisfies z.ZodType<ActionBefore>;

export const ActionAfterJson = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file'), sha256: z.string() }),
  z.object({ type: z.literal('spec'), spec: Spec, generation: z.number().optional() }),
  z.object({ type: z.literal('exec'), exitCode: z.number(), output: z.string() }),
  z.object({ type: z.literal('pod-deleted'), uid: z.string() }),
]) satisfies z.ZodType<ActionAfter>;
