// A pod's QoS class, computed from its containers' requests and limits like the API server does.
import type { Fields } from './types.js';

export function qosClass(spec: Fields | undefined): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const resources = ((spec?.containers ?? []) as Fields[]).map((c) => (c.resources ?? {}) as Fields);
  if (resources.every((r) => Object.keys(r.limits ?? {}).length === 0 && Object.keys(r.requests ?? {}).length === 0))
    return 'BestEffort';
  const guaranteed = resources.every((r) =>
    ['cpu', 'memory'].every(
      (k) => r.limits?.[k] !== undefined && (r.requests?.[k] === undefined || r.requests[k] === r.limits[k]),
    ),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
