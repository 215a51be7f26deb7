// Which channel an incident's message goes to: the first route whose namespace globs match, else the default.
import type { Config } from '../config/index.js';
import { matchesNamespace } from '../policy/index.js';

export function channelFor(slack: Pick<Config['slack'], 'channel' | 'routes'>, namespace: string): string | undefined {
  return slack.routes.find((r) => matchesNamespace(r.namespaces, namespace))?.channel ?? slack.channel;
}
