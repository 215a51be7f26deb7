// How the OOM runbook sizes a new memory limit, whether it lands as a live patch or as a repository edit.

import { formatMemory, MI, parseMemory } from './quantity.js';
import type { RunbookInput, RunbookResult } from './types.js';

export const OOM_RUNBOOK = 'oom-memory' as const;

export const oomNoFix = (explanation: string): RunbookResult => ({
  outcome: 'no_fix',
  runbook: OOM_RUNBOOK,
  explanation,
});

export interface MemorySizing {
  newLimit: string;
  /** The request equals the limit (Guaranteed QoS), so it is raised with it. */
  raiseRequest: boolean;
  /** The action's reason, without where the change lands. */
  reason: string;
  rootCause: string;
}

/** The raised limit for `container`, or the runbook's answer when there is none to propose. */
export function sizeMemory(
  container: string,
  limitText: string | undefined,
  requestText: string | undefined,
  settings: RunbookInput['settings'],
): MemorySizing | { result: RunbookResult } {
  const limit = limitText === undefined ? undefined : parseMemory(limitText);
  if (limitText === undefined || limit === undefined) {
    return {
      result: oomNoFix(
        `Container "${container}" has no memory limit, so it was killed because its node ran out of memory, not by its own limit; a limit or a bigger node is a decision for a person.`,
      ),
    };
  }
  const cap = parseMemory(settings.oomMemoryCap);
  if (cap === undefined)
    return {
      result: {
        outcome: 'failed',
        runbook: OOM_RUNBOOK,
        reason: `the configured memory cap "${settings.oomMemoryCap}" is not a quantity`,
      },
    };
  if (limit >= cap) {
    return {
      result: oomNoFix(
        `Container "${container}" already has a ${limitText} memory limit, at or above the ${settings.oomMemoryCap} cap of the OOM runbook; it needs less memory, or a person must allow more (CLOPUS_OOM_MEMORY_CAP).`,
      ),
    };
  }
  const raised = Math.min(cap, Math.ceil((limit * settings.oomMemoryFactor) / MI) * MI);
  const newLimit = formatMemory(raised);
  const request = requestText === undefined ? undefined : parseMemory(requestText);
  // A request equal to the limit is a choice (Guaranteed QoS); keep it by raising the request with the limit.
  const raiseRequest = request !== undefined && request >= limit;
  const capped = raised === cap ? `, capped at ${settings.oomMemoryCap}` : '';
  return {
    newLimit,
    raiseRequest,
    reason: `Raise ${container}'s memory limit from ${limitText} to ${newLimit} (x${settings.oomMemoryFactor}${capped})${raiseRequest ? ', and its request with it' : ''}`,
    rootCause: `Container "${container}" was OOMKilled: it needed more memory than its ${limitText} limit. Raising the limit lets it run; if the usage keeps growing it is a leak to fix in the code.`,
  };
}
