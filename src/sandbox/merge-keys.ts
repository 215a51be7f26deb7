// The patch merge keys of the list fields the sandbox knows (Kubernetes' `x-kubernetes-patch-merge-key`), shared
// by the API server's strategic merge patch (patch.ts) and the GitOps sync's three-way apply (gitops/merge.ts).
export const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  resourceClaims: 'name',
};
