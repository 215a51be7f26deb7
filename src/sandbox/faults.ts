// Failure injection for resilience tests: RBAC denials, injected error/slow responses, watches cut mid-object.
import { StatusError } from './http/status.js';
import type { ResourceDef } from './kinds.js';

export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Tested against the path and query, e.g. /\/api\/v1\/pods/. */
  path: RegExp;
  /** Status to answer with; omitted means only delay, then serve normally. */
  status?: number;
  /** How many matching requests to affect (default 1; Infinity for all). */
  times?: number;
  delayMs?: number;
  /** Response body; a Status matching the code when omitted. */
  body?: unknown;
  /** Retry-After for 429/503 (default 1). */
  retryAfterSeconds?: number;
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

const REASONS: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: injected fault'],
  503: ['ServiceUnavailable', 'The server is currently unable to handle the request'],
  504: ['Timeout', 'Timeout: request did not complete within the allotted timeout'],
};

export class Faults {
  /** Cluster-wide lists and watches (and cluster-scoped kinds) answer 403, as for a namespaced Role. */
  forbidClusterWide = false;
  /** When set, requests in any other namespace answer 403. */
  allowedNamespaces: string[] | undefined = undefined;
  /** The user named in 403 messages. */
  user = 'system:serviceaccount:clopus:clopus';
  private rules: (FaultRule & { left: number; hits: number })[] = [];
  private readonly watchCutters = new Set<() => void>();

  /** Adds a rule; the handle counts the requests it has answered so far. */
  inject(rule: FaultRule): { readonly hits: number } {
    const stored = { ...rule, left: rule.times ?? 1, hits: 0 };
    this.rules.push(stored);
    return {
      get hits() {
        return stored.hits;
      },
    };
  }

  /** Removes injected rules and RBAC restrictions. */
  clear(): void {
    this.rules = [];
    this.forbidClusterWide = false;
    this.allowedNamespaces = undefined;
  }

  /** Writes half a JSON line to every open watch, then destroys its socket; returns how many were cut. */
  cutWatchesMidObject(): number {
    const cutters = [...this.watchCutters];
    for (const cut of cutters) cut();
    return cutters.length;
  }

  /** Watch streams open right now (to cut one only once a client has reconnected). */
  get openWatches(): number {
    return this.watchCutters.size;
  }

  /** @internal the watch handler registers how to cut itself. */
  registerWatch(cut: () => void): () => void {
    this.watchCutters.add(cut);
    return () => this.watchCutters.delete(cut);
  }

  /** @internal the next rule matching this request, consumed. */
  take(method: string, pathAndQuery: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) => r.left > 0 && (!r.method || r.method.toUpperCase() === method) && r.path.test(pathAndQuery),
    );
    if (rule) {
      rule.left -= 1;
      rule.hits += 1;
    }
    return rule;
  }

  /** @internal the response for an injected status. */
  static response(rule: FaultRule & { status: number }): { body: unknown; headers: Record<string, string> } {
    const [reason, message] = REASONS[rule.status] ?? ['InternalError', `injected fault ${rule.status}`];
    const headers: Record<string, string> =
      rule.status === 429 || rule.status === 503 ? { 'Retry-After': String(rule.retryAfterSeconds ?? 1) } : {};
    const details = headers['Retry-After'] ? { details: { retryAfterSeconds: rule.retryAfterSeconds ?? 1 } } : {};
    return {
      body: rule.body ?? {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        ...details,
        code: rule.status,
      },
      headers,
    };
  }

  /** @internal throws the 403 a restricted service account would get. */
  authorize(verb: Verb, def: ResourceDef, namespace: string | undefined, name?: string, subresource?: string): void {
    const clusterScope = namespace === undefined;
    const restricted = clusterScope
      ? this.forbidClusterWide || this.allowedNamespaces !== undefined
      : this.allowedNamespaces !== undefined && !this.allowedNamespaces.includes(namespace);
    if (!restricted) return;
    const resource = subresource ? `${def.plural}/${subresource}` : def.plural;
    const subject = name
      ? `${def.group ? `${def.plural}.${def.group}` : def.plural} "${name}"`
      : def.group
        ? `${def.plural}.${def.group}`
        : def.plural;
    const scope = clusterScope ? 'at the cluster scope' : `in the namespace "${namespace}"`;
    throw new StatusError(
      403,
      'Forbidden',
      `${subject} is forbidden: User "${this.user}" cannot ${verb} resource "${resource}" in API group "${def.group}" ${scope}`,
      { ...(name ? { name } : {}), ...(def.group ? { group: def.group } : {}), kind: def.plural },
    );
  }
}
