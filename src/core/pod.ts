// Pods and core/v1 Events parsed once at the edge, whichever client produced them.
import { z } from 'zod';
import { ClopusError } from '../errors.js';

/**
 * Watch events and `kubectl -o json` carry RFC 3339 strings; client-node's typed
 * calls carry Date objects. Both become epoch milliseconds here so nothing inside
 * has to care which client a pod came from.
 */
const Timestamp = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) {
    ctx.issues.push({ code: 'custom', message: 'expected an RFC 3339 timestamp', input: value });
    return z.NEVER;
  }
  return ms;
});

/** Go's encoder writes `null` for some empty fields (creationTimestamp, startedAt); treat it as absent. */
const maybe = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

/** A field the code always wants, filled in when the object leaves it out or says null. */
const orDefault = <T extends z.ZodType>(schema: T, fallback: unknown) =>
  z.preprocess((value) => value ?? fallback, schema);

const Terminated = z.object({
  exitCode: z.number().int(),
  signal: maybe(z.number().int()),
  reason: maybe(z.string()),
  message: maybe(z.string()),
  startedAt: maybe(Timestamp),
  finishedAt: maybe(Timestamp),
});

const ContainerState = z.object({
  waiting: maybe(z.object({ reason: maybe(z.string()), message: maybe(z.string()) })),
  running: maybe(z.object({ startedAt: maybe(Timestamp) })),
  terminated: maybe(Terminated),
});

const ContainerStatus = z.object({
  name: z.string(),
  image: maybe(z.string()),
  ready: orDefault(z.boolean(), false),
  started: maybe(z.boolean()),
  restartCount: orDefault(z.number().int(), 0),
  state: orDefault(ContainerState, {}),
  lastState: orDefault(ContainerState, {}),
});

const ContainerSpec = z.object({
  name: z.string(),
  image: maybe(z.string()),
  // Only init containers set it: "Always" marks a native sidecar, which runs alongside the app.
  restartPolicy: maybe(z.string()),
});

const Condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: maybe(z.string()),
  message: maybe(z.string()),
  lastTransitionTime: maybe(Timestamp),
});

const OwnerReference = z.object({
  kind: z.string(),
  name: z.string(),
  uid: maybe(z.string()),
  controller: maybe(z.boolean()),
});

const list = <T extends z.ZodType>(item: T) => orDefault(z.array(item), []);

export const Pod = z.object({
  kind: maybe(z.literal('Pod')),
  metadata: z.object({
    name: z.string().min(1),
    namespace: orDefault(z.string(), 'default'),
    uid: orDefault(z.string(), ''),
    labels: orDefault(z.record(z.string(), z.string()), {}),
    ownerReferences: list(OwnerReference),
    creationTimestamp: maybe(Timestamp),
    deletionTimestamp: maybe(Timestamp),
  }),
  spec: orDefault(
    z.object({
      containers: list(ContainerSpec),
      initContainers: list(ContainerSpec),
      restartPolicy: orDefault(z.string(), 'Always'),
      nodeName: maybe(z.string()),
    }),
    {},
  ),
  // A pod the scheduler has not seen yet may have no status at all.
  status: orDefault(
    z.object({
      phase: maybe(z.string()),
      reason: maybe(z.string()),
      message: maybe(z.string()),
      startTime: maybe(Timestamp),
      conditions: list(Condition),
      containerStatuses: list(ContainerStatus),
      initContainerStatuses: list(ContainerStatus),
    }),
    {},
  ),
});
export type Pod = z.infer<typeof Pod>;
export type ContainerStatus = Pod['status']['containerStatuses'][number];
export type ContainerState = ContainerStatus['state'];
export type Terminated = NonNullable<ContainerState['terminated']>;

/** A core/v1 Event, flattened: `count` and `lastSeen` already pick the right one of the old and new fields. */
export const PodEvent = z
  .object({
    kind: maybe(z.literal('Event')),
    metadata: maybe(z.object({ creationTimestamp: maybe(Timestamp) })),
    involvedObject: orDefault(
      z.object({
        kind: maybe(z.string()),
        name: maybe(z.string()),
        uid: maybe(z.string()),
        fieldPath: maybe(z.string()),
      }),
      {},
    ),
    type: maybe(z.string()),
    reason: orDefault(z.string(), ''),
    message: orDefault(z.string(), ''),
    count: maybe(z.number().int()),
    firstTimestamp: maybe(Timestamp),
    lastTimestamp: maybe(Timestamp),
    eventTime: maybe(Timestamp),
    series: maybe(z.object({ count: maybe(z.number().int()), lastObservedTime: maybe(Timestamp) })),
  })
  .transform((e) => ({
    involvedObject: e.involvedObject,
    type: e.type ?? 'Normal',
    reason: e.reason,
    message: e.message,
    // Events recorded through the new API keep their repeat count and time in `series`.
    count: e.series?.count ?? e.count ?? 1,
    lastSeen:
      e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp,
  }));
export type PodEvent = z.infer<typeof PodEvent>;

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? '(root)' : out;
}

function parseWith<T extends z.ZodType>(schema: T, raw: unknown, what: string, prefix: string): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues
    .slice(0, 5)
    .map((issue) => `${formatPath([...(prefix ? [prefix] : []), ...issue.path])}: ${issue.message}`);
  throw new ClopusError('INPUT_INVALID', `not a valid ${what}: ${lines.join('; ')}`, { cause: result.error });
}

/** Parses one pod; throws INPUT_INVALID naming the first bad paths. */
export function parsePod(raw: unknown): Pod {
  return parseWith(Pod, raw, 'Pod', '');
}

function describeInput(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw !== 'object') return `a ${typeof raw}`;
  const kind = (raw as { kind?: unknown }).kind;
  return typeof kind === 'string' ? `kind "${kind}"` : 'an object without kind or items';
}

function itemsOf(raw: unknown, itemKind: string, listKind: string): unknown[] | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { kind, items } = raw as { kind?: unknown; items?: unknown };
  if (kind === itemKind) return [raw];
  if ((kind === 'List' || kind === listKind || kind === undefined) && Array.isArray(items)) return items;
  // client-node's typed objects often carry no kind at all.
  if (kind === undefined && 'metadata' in raw) return [raw];
  return undefined;
}

/** What `kubectl get pods -A -o json` or `kubectl get pod X -o json` prints: a List, a PodList or one Pod. */
export function parsePodList(raw: unknown): Pod[] {
  const items = itemsOf(raw, 'Pod', 'PodList');
  if (items === undefined) {
    throw new ClopusError(
      'INPUT_INVALID',
      `expected a Pod, PodList or List of pods (kubectl get pods -o json), got ${describeInput(raw)}`,
    );
  }
  const single = items.length === 1 && items[0] === raw;
  return items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => isKindOrUnset(item, 'Pod'))
    .map(({ item, index }) => parseWith(Pod, item, 'Pod', single ? '' : `items[${index}]`));
}

/** Events from an EventList, a List or a single Event; items of other kinds are skipped. */
export function parsePodEvents(raw: unknown): PodEvent[] {
  const items = itemsOf(raw, 'Event', 'EventList');
  if (items === undefined)
    throw new ClopusError('INPUT_INVALID', `expected an Event or EventList, got ${describeInput(raw)}`);
  const single = items.length === 1 && items[0] === raw;
  return items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => isKindOrUnset(item, 'Event'))
    .map(({ item, index }) => parseWith(PodEvent, item, 'Event', single ? '' : `items[${index}]`));
}

function isKindOrUnset(item: unknown, kind: string): boolean {
  if (typeof item !== 'object' || item === null) return true; // let the schema say what is wrong
  const actual = (item as { kind?: unknown }).kind;
  return actual === undefined || actual === kind;
}
