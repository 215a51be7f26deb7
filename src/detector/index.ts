// Detection: classify pods (pure), gather redacted evidence, group pods into incidents per workload, watch and rescan.
export { Detector, type DetectorOptions, type DetectorHealth } from './detector.js';
export { scanOnce, type ScanResult } from './scan.js';
export { classifyPod, classifyPods } from './classify.js';
export type { ResolvedFinding } from './resolve.js';
export * from './types.js';
export { resolveFinding } from './resolve.js';
