// What every route works with, built once per dashboard from its options.
import type { Logger } from '../logger.js';
import type { Sessions } from './auth/session.js';
import type { DashboardStore, ExtraMetric, HealthCheck } from './types.js';
import type { PageChrome } from './views/layout.js';

export interface DashboardContext {
  readonly store: DashboardStore;
  readonly logger: Logger;
  /** The token and the session cookies signed with it. Undefined: no token, open (loopback only). */
  readonly sessions: Sessions | undefined;
  readonly chrome: PageChrome;
  readonly pollSeconds: number;
  readonly now: () => Date;
  readonly health: () => Record<string, HealthCheck>;
  readonly metrics: () => readonly ExtraMetric[];
}
