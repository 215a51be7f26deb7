// The viewer's App Home: the open incidents read from the store, each pending proposal with whether the viewer may
// decide on it (the approver check per namespace, as a click would be checked), rendered by render/home.ts.
import { OPEN_STATES } from '../../core/index.js';
import { authorizeDecision } from '../../policy/index.js';
import type { Incident } from '../../store/index.js';
import { type HomeEntry, type HomeView, renderHome } from '../render/home.js';
import { loadIncidentView } from '../view.js';
import type { ServiceDeps } from './types.js';

/** More than fit in 100 blocks either way; the rest are counted, not read. */
const READ = 50;

export async function homeView(deps: ServiceDeps, userId: string, now = new Date()): Promise<HomeView> {
  const { store } = deps;
  const allowed = new Map<string, Promise<boolean>>();
  const canDecide = (namespace: string): Promise<boolean> => {
    let p = allowed.get(namespace);
    if (!p) {
      p = authorizeDecision(deps.approvers, userId, namespace).then((a) => a.allowed);
      allowed.set(namespace, p);
    }
    return p;
  };
  const entry = async (incident: Incident): Promise<HomeEntry> => {
    const view = loadIncidentView(store, incident.id);
    const latest = view?.proposals.at(-1);
    const proposal = latest?.status === 'pending' && latest.proposal ? latest : undefined;
    return { incident, proposal, canDecide: proposal ? await canDecide(incident.namespace) : false };
  };
  const pending = store.listIncidents({ state: 'proposed', limit: READ, offset: 0, order: 'created_desc' });
  const others = store.listIncidents({
    state: OPEN_STATES.filter((s) => s !== 'proposed'),
    limit: READ,
    offset: 0,
    order: 'created_desc',
  });
  return renderHome({
    pending: await Promise.all(pending.items.map(entry)),
    pendingTotal: pending.total,
    others: others.items.map((incident) => ({ incident, canDecide: false })),
    othersTotal: others.total,
    command: deps.command,
    at: now.toISOString(),
  });
}
