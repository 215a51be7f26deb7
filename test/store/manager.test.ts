// The incident keeps who manages its workload, as the planner found it; a stored value that no longer fits reads as
// unknown rather than as a wrong manager.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, newIncident, open, raw, tempDbPath } from './fixtures.js';

afterEach(cleanup);

const argo = {
  kind: 'argocd' as const,
  namespace: 'argocd',
  name: 'shop-api',
  selfHeal: true,
  description: 'managed by Argo CD app argocd/shop-api, self-heal on: a live patch would be reverted at the next sync',
};

describe('incident manager', () => {
  it('is none until set, then read back with the incident, and cleared with null', () => {
    const path = tempDbPath();
    const store = open(path);
    const incident = store.createIncident(newIncident(), 'detector');
    expect(store.getIncident(incident.id)?.manager).toBeNull();
    expect(store.setIncidentManager(incident.id, argo)).toBe(true);
    expect(store.getIncident(incident.id)?.manager).toEqual(argo);
    expect(store.listLive()[0]?.manager).toEqual(argo);
    store.setIncidentManager(incident.id, null);
    expect(store.getIncident(incident.id)?.manager).toBeNull();
  });

  it('reads a stored manager of an unknown shape as unknown', () => {
    const path = tempDbPath();
    const store = open(path);
    const incident = store.createIncident(newIncident(), 'detector');
    raw(path).prepare(`UPDATE incidents SET manager = '{"kind":"spinnaker"}' WHERE id = ?`).run(incident.id);
    expect(store.getIncident(incident.id)?.manager).toBeNull();
  });
});
