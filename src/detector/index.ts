// Detection: classify pods (pure), gather redacted evidence, group pods into incidents per workload, watch and rescan.

export { classifyPod, classifyPods } from './classify.js';
export { Detector, type DetectorHealth, type DetectorOptions } from './detector.js';
export type { ResolvedFinding } from './resolve.js';
export { resolveFinding } from './resolve.js';
export { type ScanResult, scanOnce } from './scan.js';
export * from './types.js';
