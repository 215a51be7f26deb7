// GET /metrics: incidents by state and reason, the detection-latency histogram, model runs, tokens and cost,
// Slack delivery failures, and whatever the caller adds (the watch). Needs the token like every page.
import type { Hono } from 'hono';
import { STATES } from '../../core/index.js';
import { DETECTION_BUCKETS_SECONDS } from '../../store/index.js';
import type { DashboardContext } from '../context.js';
import { type Family, fromExtra, PROMETHEUS_CONTENT_TYPE, render } from '../prometheus.js';

/** Running totals of the detection histogram: each scrape reads only incidents created since the last one. */
function histogramTotals(ctx: DashboardContext) {
  const totals = { lastId: 0, buckets: DETECTION_BUCKETS_SECONDS.map(() => 0), sumSeconds: 0, count: 0 };
  return () => {
    const delta = ctx.store.detectionHistogram(totals.lastId);
    totals.lastId = delta.lastId;
    delta.buckets.forEach((n, i) => {
      totals.buckets[i] = (totals.buckets[i] ?? 0) + n;
    });
    totals.sumSeconds += delta.sumSeconds;
    totals.count += delta.count;
    return totals;
  };
}

function storeFamilies(ctx: DashboardContext, histogram: ReturnType<typeof histogramTotals>): Family[] {
  const snap = ctx.store.metricsSnapshot();
  const byState = new Map<string, number>(STATES.map((s) => [s, 0]));
  for (const r of snap.byStateReason) byState.set(r.state, (byState.get(r.state) ?? 0) + r.n);
  const h = histogram();
  return [
    {
      name: 'clopus_incidents',
      help: 'Incidents by state and reason.',
      type: 'gauge',
      samples: snap.byStateReason.map((r) => ({ labels: { state: r.state, reason: r.reason }, value: r.n })),
    },
    {
      name: 'clopus_incidents_by_state',
      help: 'Incidents in each state (every state, zero included).',
      type: 'gauge',
      samples: [...byState].map(([state, n]) => ({ labels: { state }, value: n })),
    },
    {
      name: 'clopus_detection_latency_seconds',
      help: 'Time from the detector noticing a pod change to the incident being recorded.',
      type: 'histogram',
      samples: [
        ...DETECTION_BUCKETS_SECONDS.map((le, i) => ({
          suffix: '_bucket',
          labels: { le: String(le) },
          value: h.buckets[i] ?? 0,
        })),
        { suffix: '_bucket', labels: { le: '+Inf' }, value: h.count },
        { suffix: '_sum', value: h.sumSeconds },
        { suffix: '_count', value: h.count },
      ],
    },
    {
      name: 'clopus_model_runs_total',
      help: 'Planner runs (diagnoses) by planner and outcome.',
      type: 'counter',
      samples: snap.modelRuns.map((r) => ({ labels: { planner: r.planner, status: r.status }, value: r.runs })),
    },
    {
      name: 'clopus_model_tokens_total',
      help: 'Model tokens used by diagnoses, by planner and direction.',
      type: 'counter',
      samples: snap.model.flatMap((m) => [
        { labels: { planner: m.planner, direction: 'input' }, value: m.inputTokens },
        { labels: { planner: m.planner, direction: 'output' }, value: m.outputTokens },
      ]),
    },
    {
      name: 'clopus_model_cost_usd_total',
      help: 'Model cost of diagnoses in US dollars, by planner.',
      type: 'counter',
      samples: snap.model.map((m) => ({ labels: { planner: m.planner }, value: m.costUsd })),
    },
    {
      name: 'clopus_slack_delivery_failures_total',
      help: 'Slack messages the outbox gave up delivering.',
      type: 'counter',
      samples: [{ value: snap.slackDeliveryFailures }],
    },
  ];
}

export function registerMetrics(app: Hono, ctx: DashboardContext): void {
  const histogram = histogramTotals(ctx);
  app.get('/metrics', (c) => {
    let extra: Family[] = [];
    try {
      extra = fromExtra(ctx.metrics());
    } catch (err) {
      ctx.logger.warn({ err }, 'dashboard extra metrics failed');
    }
    return c.body(render([...storeFamilies(ctx, histogram), ...extra]), 200, {
      'Content-Type': PROMETHEUS_CONTENT_TYPE,
    });
  });
}
