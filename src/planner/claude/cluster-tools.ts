// Read-only investigation tools over the API server: the incident's pods, its workload, events and logs.
import { tool } from '@anthropic-ai/claude-agent-sdk';
import { z } from 'zod';
import { describeError } from '../../errors.js';
import { describeObject } from './describe.js';
import { repoTools } from './repo-tools.js';
import { fail, ok, pickContainer, podRefusal, type ToolContext } from './tool-context.js';
import { untrusted } from './untrusted.js';

const DESCRIBE_CHARS = 24_000;
const LOG_CHARS = 16_000;
const LOG_BYTES = 256 * 1024;
const EVENTS_PER_POD = 20;

const readOnly = { annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } };

interface RawEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
}

function eventLine(e: RawEvent): string {
  return `${e.lastTimestamp ?? e.eventTime ?? '?'} ${e.type ?? ''} ${e.reason ?? ''} (x${e.count ?? 1}): ${e.message ?? ''}`;
}

export function clusterTools(ctx: ToolContext) {
  const { incident, kube } = ctx;
  const ns = incident.namespace;
  const podList = ctx.scope.pods.join(', ');

  const describePod = tool(
    'describe_pod',
    `Show one of the incident's pods (spec and status) as YAML. Pods: ${podList}.`,
    { pod: z.string() },
    async ({ pod }) => {
      const refused = podRefusal(ctx, pod);
      if (refused) return refused;
      try {
        return ok(untrusted(`pod ${ns}/${pod}`, describeObject(await kube.getPod(ns, pod)), DESCRIBE_CHARS));
      } catch (err) {
        return fail(`Cannot read pod ${pod}: ${describeError(err)}`);
      }
    },
    readOnly,
  );

  const describeWorkload = tool(
    'describe_workload',
    `Show the incident's workload (${incident.workloadKind} ${incident.workloadName}) as YAML.`,
    {},
    async () => {
      try {
        const obj =
          incident.workloadKind === 'Pod'
            ? await kube.getPod(ns, incident.workloadName)
            : await kube.getWorkload(incident.workloadKind, ns, incident.workloadName);
        return ok(
          untrusted(`${incident.workloadKind} ${ns}/${incident.workloadName}`, describeObject(obj), DESCRIBE_CHARS),
        );
      } catch (err) {
        return fail(`Cannot read ${incident.workloadKind} ${incident.workloadName}: ${describeError(err)}`);
      }
    },
    readOnly,
  );

  const getEvents = tool(
    'get_events',
    `Warning events of the incident's pods, newest first. Omit pod for all of: ${podList}.`,
    { pod: z.string().optional() },
    async ({ pod }) => {
      const pods = pod === undefined ? ctx.scope.pods.slice(0, 5) : [pod];
      const refused = pod === undefined ? undefined : podRefusal(ctx, pod);
      if (refused) return refused;
      try {
        const blocks = await Promise.all(
          pods.map(async (p) => {
            const events = ((await kube.podWarningEvents(ns, p)).items ?? []) as RawEvent[];
            const lines = events.slice(0, EVENTS_PER_POD).map(eventLine).join('\n') || '(no warning events)';
            return untrusted(`events of pod ${ns}/${p}`, lines, 8000);
          }),
        );
        return ok(blocks.join('\n'));
      } catch (err) {
        return fail(`Cannot list events: ${describeError(err)}`);
      }
    },
    readOnly,
  );

  const getLogs = tool(
    'get_logs',
    "Log lines of a container of one of the incident's pods: the running instance, or the previous (crashed) one.",
    {
      pod: z.string(),
      container: z.string().optional(),
      previous: z.boolean().optional().describe('The previous, terminated instance (what crashed)'),
      tailLines: z.number().int().min(1).max(1000).optional().describe('Lines from the end; default 200'),
    },
    async ({ pod, container, previous, tailLines }) => {
      const refused = podRefusal(ctx, pod);
      if (refused) return refused;
      const picked = pickContainer(ctx, container);
      if ('error' in picked) return picked.error;
      const which = previous ? 'previous' : 'current';
      try {
        const log = await kube.readLog({
          namespace: ns,
          pod,
          container: picked.container,
          previous: previous ?? false,
          tailLines: tailLines ?? 200,
          limitBytes: LOG_BYTES,
        });
        if (log === null)
          return ok(`No ${which} logs for ${pod}/${picked.container}${previous ? ' (it has not restarted)' : ''}.`);
        return ok(untrusted(`${which} logs of ${ns}/${pod}/${picked.container}`, log || '(empty)', LOG_CHARS));
      } catch (err) {
        return fail(`Cannot read logs of ${pod}/${picked.container}: ${describeError(err)}`);
      }
    },
    readOnly,
  );

  // A GitOps-managed workload's manifests are part of the investigation: the fix is an edit of them.
  return [describePod, describeWorkload, getEvents, getLogs, ...(ctx.repo ? repoTools(ctx.repo) : [])];
}
