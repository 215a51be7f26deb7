// Pod logs, current or previous container, capped by lines and bytes at the server.
import type { KubeHttp } from './http.js';
import { KubeApiError } from './http.js';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  tailLines: number;
  limitBytes: number;
}

/** Returns the log text, or null when there is none to read (no previous container, pod gone). */
export async function readLog(http: KubeHttp, req: LogRequest): Promise<string | null> {
  try {
    return await http.requestText(
      {
        path: `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/log`,
        query: {
          container: req.container,
          previous: req.previous || undefined,
          tailLines: req.tailLines,
          limitBytes: req.limitBytes,
        },
      },
      `read logs of ${req.namespace}/${req.pod}/${req.container}`,
    );
  } catch (err) {
    // 400 is how the API server says "no previous terminated container"; 404 means the pod is gone.
    if (err instanceof KubeApiError && (err.status === 400 || err.status === 404)) return null;
    throw err;
  }
}
