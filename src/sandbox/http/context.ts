// What every handler gets: the cluster, the fault switches, and the server's own settings.
import type { ClusterState } from '../cluster-state.js';
import type { Faults } from '../faults.js';
import type { VersionInfo } from './discovery.js';

export interface ServerContext {
  cluster: ClusterState;
  faults: Faults;
  version: VersionInfo;
  /** Bearer token every request must carry, when set. */
  token?: string;
  /** host:port clients reach the server at. */
  address(): string;
  /** How often watches with allowWatchBookmarks get a BOOKMARK. */
  bookmarkIntervalMs: number;
}

/** A resource request after routing: what it addresses and its query. */
export interface ResourceRequest {
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
}
