// Builder inputs shared by the scenario builders: WorkloadInput and the pod templates and container inputs it gives.
import { type ContainerInput, podSpec } from './pod-factory.js';
import { type Fields, timestamp } from './types.js';

export interface WorkloadInput {
  namespace: string;
  name: string;
  replicas?: number;
  /** Image of the single container (named after the workload) when `containers` is not given. */
  image?: string;
  containers?: ContainerInput[];
  /** Pod labels (and selector); default { app: name }. */
  labels?: Record<string, string>;
  /** Files for the single default container. */
  files?: Record<string, string | Buffer>;
  noShell?: boolean;
  createdAt?: Date;
}

export function containersOf(input: WorkloadInput): ContainerInput[] {
  return (
    input.containers ?? [
      {
        name: input.name,
        image: input.image ?? 'nginx:1.27',
        ...(input.files ? { files: input.files } : {}),
        ...(input.noShell ? { noShell: true } : {}),
      },
    ]
  );
}

export function template(
  labels: Record<string, string>,
  containers: ContainerInput[],
  restartPolicy = 'Always',
): Fields {
  return { metadata: { labels }, spec: podSpec(containers, restartPolicy) };
}

/** The builder inputs for the containers a stored template describes (for pods created later, e.g. by rollout). */
export function containersFromTemplate(
  tpl: Fields,
  files: (name: string) => Record<string, Buffer> = () => ({}),
): ContainerInput[] {
  return ((tpl.spec?.containers ?? []) as Fields[]).map((c) => ({
    name: String(c.name),
    image: String(c.image),
    ...(c.command ? { command: c.command as string[] } : {}),
    ...(c.args ? { args: c.args as string[] } : {}),
    ...(c.resources ? { resources: c.resources as ContainerInput['resources'] } : {}),
    ...(c.env
      ? { env: Object.fromEntries((c.env as Fields[]).map((e) => [String(e.name), String(e.value ?? '')])) }
      : {}),
    files: files(String(c.name)),
  }));
}

export function created(input: { createdAt?: Date }): { creationTimestamp: string } | Record<string, never> {
  return input.createdAt ? { creationTimestamp: timestamp(input.createdAt) } : {};
}
