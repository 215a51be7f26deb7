// How a manager reads to a person (Slack, the dashboard, `clopus show`), and whether it undoes a live patch.
import type { Manager } from './manager-types.js';

const key = (o: { namespace: string; name: string }): string => `${o.namespace}/${o.name}`;

/** Whether the manager reverts a live patch on its own (so a fix must go through it to last). */
export function livePatchReverted(m: Manager): boolean {
  return m.kind === 'helm' ? false : m.selfHeal;
}

/** One sentence: who manages the workload, and what becomes of a live patch. */
export function describeManager(m: Manager): string {
  switch (m.kind) {
    case 'argocd': {
      const app = `managed by Argo CD app ${key(m.app)}`;
      if (m.selfHeal) return `${app}, self-heal on: a live patch would be reverted at the next sync`;
      if (m.autoSync)
        return `${app} (auto-sync on, self-heal off): a live patch lasts until the next change in git is synced`;
      return `${app} (auto-sync off): a live patch lasts until the next manual sync`;
    }
    case 'flux-kustomization': {
      const ks = `managed by Flux Kustomization ${key(m.kustomization)} (source ${m.sourceRef.kind} ${key(m.sourceRef)})`;
      if (m.suspended) return `${ks}, suspended: a live patch lasts until the Kustomization is resumed`;
      return `${ks}: Flux reverts a live patch at its next reconcile`;
    }
    case 'flux-helmrelease': {
      const hr = `managed by Flux HelmRelease ${key(m.release)}${m.chart ? ` (chart ${m.chart})` : ''}`;
      if (m.suspended) return `${hr}, suspended: a live patch lasts until the release is resumed and upgraded`;
      if (m.selfHeal) return `${hr}, drift detection on: Flux reverts a live patch at its next reconcile`;
      return `${hr}, drift detection off: a live patch lasts until the next upgrade of the release`;
    }
    case 'helm':
      return m.release.name
        ? `installed by Helm release ${m.release.namespace}/${m.release.name}: a live patch lasts until the next helm upgrade`
        : `installed by Helm (no release named) in ${m.release.namespace}: a live patch lasts until the next helm upgrade`;
  }
}
