// The reasons a pod is degraded, as the classifier names them: the vocabulary incidents, runbooks and views share.

export const REASONS = [
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ContainerWaiting',
  'Unschedulable',
  'Evicted',
  'PodRejected',
  'NodeShutdown',
  'NodeLost',
  'StuckTerminating',
  'InitContainerFailed',
  'Error',
  'NotReady',
  'RapidRestarts',
] as const;

export type Reason = (typeof REASONS)[number];
