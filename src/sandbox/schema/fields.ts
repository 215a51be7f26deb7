// The fields the API server's schema declares, per type, for the kinds the sandbox checks: what a patch or a
// write may set. Generated from kubernetes-models (Kubernetes 1.32) and kept equal to it by
// test/sandbox/schema.test.ts; `field:Type` means the value (or each element of a list) is checked as Type, a bare
// field is not looked into (scalars, string maps, quantities, and the subtrees left open: every status, the
// in-tree volume plugins, ephemeral containers, Windows options, Job success and failure policies, managedFields,
// volumeClaimTemplates and ControllerRevision data). Kinds not listed (Event) are not checked at all.
export const FIELDS: Readonly<Record<string, string>> = {
  Deployment: 'apiVersion kind metadata:ObjectMeta spec:DeploymentSpec status',
  StatefulSet: 'apiVersion kind metadata:ObjectMeta spec:StatefulSetSpec status',
  DaemonSet: 'apiVersion kind metadata:ObjectMeta spec:DaemonSetSpec status',
  ReplicaSet: 'apiVersion kind metadata:ObjectMeta spec:ReplicaSetSpec status',
  Job: 'apiVersion kind metadata:ObjectMeta spec:JobSpec status',
  CronJob: 'apiVersion kind metadata:ObjectMeta spec:CronJobSpec status',
  Pod: 'apiVersion kind metadata:ObjectMeta spec:PodSpec status',
  ControllerRevision: 'apiVersion data kind metadata:ObjectMeta revision',
  Namespace: 'apiVersion kind metadata:ObjectMeta spec:NamespaceSpec status',
  ConfigMap: 'apiVersion binaryData data immutable kind metadata:ObjectMeta',
  Secret: 'apiVersion data immutable kind metadata:ObjectMeta stringData type',
  ServiceAccount:
    'apiVersion automountServiceAccountToken imagePullSecrets:LocalObjectReference kind ' +
    'metadata:ObjectMeta secrets:ObjectReference',
  ObjectMeta:
    'annotations creationTimestamp deletionGracePeriodSeconds deletionTimestamp finalizers generateName ' +
    'generation labels managedFields name namespace ownerReferences:OwnerReference resourceVersion ' +
    'selfLink uid',
  DeploymentSpec:
    'minReadySeconds paused progressDeadlineSeconds replicas revisionHistoryLimit selector:LabelSelector ' +
    'strategy:DeploymentStrategy template:PodTemplateSpec',
  StatefulSetSpec:
    'minReadySeconds ordinals:StatefulSetOrdinals ' +
    'persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy ' +
    'podManagementPolicy replicas revisionHistoryLimit selector:LabelSelector serviceName ' +
    'template:PodTemplateSpec updateStrategy:StatefulSetUpdateStrategy volumeClaimTemplates',
  DaemonSetSpec:
    'minReadySeconds revisionHistoryLimit selector:LabelSelector template:PodTemplateSpec ' +
    'updateStrategy:DaemonSetUpdateStrategy',
  ReplicaSetSpec: 'minReadySeconds replicas selector:LabelSelector template:PodTemplateSpec',
  JobSpec:
    'activeDeadlineSeconds backoffLimit backoffLimitPerIndex completionMode completions managedBy ' +
    'manualSelector maxFailedIndexes parallelism podFailurePolicy podReplacementPolicy ' +
    'selector:LabelSelector successPolicy suspend template:PodTemplateSpec ttlSecondsAfterFinished',
  CronJobSpec:
    'concurrencyPolicy failedJobsHistoryLimit jobTemplate:JobTemplateSpec schedule ' +
    'startingDeadlineSeconds successfulJobsHistoryLimit suspend timeZone',
  PodSpec:
    'activeDeadlineSeconds affinity:Affinity automountServiceAccountToken containers:Container ' +
    'dnsConfig:PodDNSConfig dnsPolicy enableServiceLinks ephemeralContainers hostAliases:HostAlias ' +
    'hostIPC hostNetwork hostPID hostUsers hostname imagePullSecrets:LocalObjectReference ' +
    'initContainers:Container nodeName nodeSelector os:PodOS overhead preemptionPolicy priority ' +
    'priorityClassName readinessGates:PodReadinessGate resourceClaims:PodResourceClaim ' +
    'resources:ResourceRequirements restartPolicy runtimeClassName schedulerName ' +
    'schedulingGates:PodSchedulingGate securityContext:PodSecurityContext serviceAccount ' +
    'serviceAccountName setHostnameAsFQDN shareProcessNamespace subdomain terminationGracePeriodSeconds ' +
    'tolerations:Toleration topologySpreadConstraints:TopologySpreadConstraint volumes:Volume',
  NamespaceSpec: 'finalizers',
  LocalObjectReference: 'name',
  ObjectReference: 'apiVersion fieldPath kind name namespace resourceVersion uid',
  OwnerReference: 'apiVersion blockOwnerDeletion controller kind name uid',
  LabelSelector: 'matchExpressions:LabelSelectorRequirement matchLabels',
  DeploymentStrategy: 'rollingUpdate:RollingUpdateDeployment type',
  PodTemplateSpec: 'metadata:ObjectMeta spec:PodSpec',
  StatefulSetOrdinals: 'start',
  StatefulSetPersistentVolumeClaimRetentionPolicy: 'whenDeleted whenScaled',
  StatefulSetUpdateStrategy: 'rollingUpdate:RollingUpdateStatefulSetStrategy type',
  DaemonSetUpdateStrategy: 'rollingUpdate:RollingUpdateDaemonSet type',
  JobTemplateSpec: 'metadata:ObjectMeta spec:JobSpec',
  Affinity: 'nodeAffinity:NodeAffinity podAffinity:PodAffinity podAntiAffinity:PodAntiAffinity',
  Container:
    'args command env:EnvVar envFrom:EnvFromSource image imagePullPolicy lifecycle:Lifecycle ' +
    'livenessProbe:Probe name ports:ContainerPort readinessProbe:Probe resizePolicy:ContainerResizePolicy ' +
    'resources:ResourceRequirements restartPolicy securityContext:SecurityContext startupProbe:Probe ' +
    'stdin stdinOnce terminationMessagePath terminationMessagePolicy tty volumeDevices:VolumeDevice ' +
    'volumeMounts:VolumeMount workingDir',
  PodDNSConfig: 'nameservers options:PodDNSConfigOption searches',
  HostAlias: 'hostnames ip',
  PodOS: 'name',
  PodReadinessGate: 'conditionType',
  PodResourceClaim: 'name resourceClaimName resourceClaimTemplateName',
  ResourceRequirements: 'claims:ResourceClaim limits requests',
  PodSchedulingGate: 'name',
  PodSecurityContext:
    'appArmorProfile:AppArmorProfile fsGroup fsGroupChangePolicy runAsGroup runAsNonRoot runAsUser ' +
    'seLinuxChangePolicy seLinuxOptions:SELinuxOptions seccompProfile:SeccompProfile supplementalGroups ' +
    'supplementalGroupsPolicy sysctls:Sysctl windowsOptions',
  Toleration: 'effect key operator tolerationSeconds value',
  TopologySpreadConstraint:
    'labelSelector:LabelSelector matchLabelKeys maxSkew minDomains nodeAffinityPolicy nodeTaintsPolicy ' +
    'topologyKey whenUnsatisfiable',
  Volume:
    'awsElasticBlockStore azureDisk azureFile cephfs cinder configMap:ConfigMapVolumeSource csi ' +
    'downwardAPI:DownwardAPIVolumeSource emptyDir:EmptyDirVolumeSource ephemeral fc flexVolume flocker ' +
    'gcePersistentDisk gitRepo glusterfs hostPath:HostPathVolumeSource image iscsi name nfs ' +
    'persistentVolumeClaim:PersistentVolumeClaimVolumeSource photonPersistentDisk portworxVolume ' +
    'projected:ProjectedVolumeSource quobyte rbd scaleIO secret:SecretVolumeSource storageos ' +
    'vsphereVolume',
  LabelSelectorRequirement: 'key operator values',
  RollingUpdateDeployment: 'maxSurge maxUnavailable',
  RollingUpdateStatefulSetStrategy: 'maxUnavailable partition',
  RollingUpdateDaemonSet: 'maxSurge maxUnavailable',
  NodeAffinity:
    'preferredDuringSchedulingIgnoredDuringExecution:PreferredSchedulingTerm ' +
    'requiredDuringSchedulingIgnoredDuringExecution:NodeSelector',
  PodAffinity:
    'preferredDuringSchedulingIgnoredDuringExecution:WeightedPodAffinityTerm ' +
    'requiredDuringSchedulingIgnoredDuringExecution:PodAffinityTerm',
  PodAntiAffinity:
    'preferredDuringSchedulingIgnoredDuringExecution:WeightedPodAffinityTerm ' +
    'requiredDuringSchedulingIgnoredDuringExecution:PodAffinityTerm',
  EnvVar: 'name value valueFrom:EnvVarSource',
  EnvFromSource: 'configMapRef:ConfigMapEnvSource prefix secretRef:SecretEnvSource',
  Lifecycle: 'postStart:LifecycleHandler preStop:LifecycleHandler stopSignal',
  Probe:
    'exec:ExecAction failureThreshold grpc:GRPCAction httpGet:HTTPGetAction initialDelaySeconds ' +
    'periodSeconds successThreshold tcpSocket:TCPSocketAction terminationGracePeriodSeconds ' +
    'timeoutSeconds',
  ContainerPort: 'containerPort hostIP hostPort name protocol',
  ContainerResizePolicy: 'resourceName restartPolicy',
  SecurityContext:
    'allowPrivilegeEscalation appArmorProfile:AppArmorProfile capabilities:Capabilities privileged ' +
    'procMount readOnlyRootFilesystem runAsGroup runAsNonRoot runAsUser seLinuxOptions:SELinuxOptions ' +
    'seccompProfile:SeccompProfile windowsOptions',
  VolumeDevice: 'devicePath name',
  VolumeMount: 'mountPath mountPropagation name readOnly recursiveReadOnly subPath subPathExpr',
  PodDNSConfigOption: 'name value',
  ResourceClaim: 'name request',
  AppArmorProfile: 'localhostProfile type',
  SELinuxOptions: 'level role type user',
  SeccompProfile: 'localhostProfile type',
  Sysctl: 'name value',
  ConfigMapVolumeSource: 'defaultMode items:KeyToPath name optional',
  DownwardAPIVolumeSource: 'defaultMode items:DownwardAPIVolumeFile',
  EmptyDirVolumeSource: 'medium sizeLimit',
  HostPathVolumeSource: 'path type',
  PersistentVolumeClaimVolumeSource: 'claimName readOnly',
  ProjectedVolumeSource: 'defaultMode sources:VolumeProjection',
  SecretVolumeSource: 'defaultMode items:KeyToPath optional secretName',
  PreferredSchedulingTerm: 'preference:NodeSelectorTerm weight',
  NodeSelector: 'nodeSelectorTerms:NodeSelectorTerm',
  WeightedPodAffinityTerm: 'podAffinityTerm:PodAffinityTerm weight',
  PodAffinityTerm:
    'labelSelector:LabelSelector matchLabelKeys mismatchLabelKeys namespaceSelector:LabelSelector ' +
    'namespaces topologyKey',
  EnvVarSource:
    'configMapKeyRef:ConfigMapKeySelector fieldRef:ObjectFieldSelector ' +
    'resourceFieldRef:ResourceFieldSelector secretKeyRef:SecretKeySelector',
  ConfigMapEnvSource: 'name optional',
  SecretEnvSource: 'name optional',
  LifecycleHandler: 'exec:ExecAction httpGet:HTTPGetAction sleep:SleepAction tcpSocket:TCPSocketAction',
  ExecAction: 'command',
  GRPCAction: 'port service',
  HTTPGetAction: 'host httpHeaders:HTTPHeader path port scheme',
  TCPSocketAction: 'host port',
  Capabilities: 'add drop',
  KeyToPath: 'key mode path',
  DownwardAPIVolumeFile: 'fieldRef:ObjectFieldSelector mode path resourceFieldRef:ResourceFieldSelector',
  VolumeProjection:
    'clusterTrustBundle configMap:ConfigMapProjection downwardAPI:DownwardAPIProjection ' +
    'secret:SecretProjection serviceAccountToken:ServiceAccountTokenProjection',
  NodeSelectorTerm: 'matchExpressions:NodeSelectorRequirement matchFields:NodeSelectorRequirement',
  ConfigMapKeySelector: 'key name optional',
  ObjectFieldSelector: 'apiVersion fieldPath',
  ResourceFieldSelector: 'containerName divisor resource',
  SecretKeySelector: 'key name optional',
  SleepAction: 'seconds',
  HTTPHeader: 'name value',
  ConfigMapProjection: 'items:KeyToPath name optional',
  DownwardAPIProjection: 'items:DownwardAPIVolumeFile',
  SecretProjection: 'items:KeyToPath name optional',
  ServiceAccountTokenProjection: 'audience expirationSeconds path',
  NodeSelectorRequirement: 'key operator values',
};
