// The fields of a Job and its pod that the runner reads, parsed once where watch events and lists arrive.
import { z } from 'zod';

const Condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const JobObject = z.object({
  metadata: z.object({ name: z.string(), resourceVersion: z.string().optional() }),
  status: z.object({ conditions: z.array(Condition).optional() }).optional(),
});
export type JobObject = z.infer<typeof JobObject>;

const ContainerState = z.object({
  waiting: z.object({ reason: z.string().optional(), message: z.string().optional() }).optional(),
  terminated: z
    .object({
      exitCode: z.number().int(),
      signal: z.number().int().optional(),
      reason: z.string().optional(),
      message: z.string().optional(),
    })
    .optional(),
  running: z.object({}).optional(),
});

export const PodObject = z.object({
  metadata: z.object({ name: z.string(), creationTimestamp: z.string().optional() }),
  spec: z.object({ containers: z.array(z.object({ name: z.string(), image: z.string().optional() })) }).optional(),
  status: z
    .object({
      phase: z.string().optional(),
      containerStatuses: z
        .array(z.object({ name: z.string(), state: ContainerState.optional(), lastState: ContainerState.optional() }))
        .optional(),
    })
    .optional(),
});
export type PodObject = z.infer<typeof PodObject>;

/** The state of the diagnosis container of a pod. */
export function containerState(
  pod: PodObject | undefined,
  container: string,
): z.infer<typeof ContainerState> | undefined {
  return pod?.status?.containerStatuses?.find((s) => s.name === container)?.state;
}

export function jobCondition(job: JobObject, type: 'Complete' | 'Failed'): z.infer<typeof Condition> | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}
