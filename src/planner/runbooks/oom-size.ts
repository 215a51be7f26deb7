// How the OOM runbook sizes a new memory limit, whether it lands as a live patch or as a repository edit.

import { formatMemory, MI, parseMemory } from './quantity.js';
import type { RequestedMemory } from './revision.js';
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

/**
 * The limit a reviewer asked for. It is theirs to choose, so a container without a limit gets one; the runbook's
 * cap still bounds it, and the envelope (maxMemory, maxFactor) judges the patch as it judges any.
 */
function requestedSizing(
  container: string,
  limitText: string | undefined,
  requestText: string | undefined,
  settings: RunbookInput['settings'],
  want: RequestedMemory,
): MemorySizing | { result: RunbookResult } {
  const cap = parseMemory(settings.oomMemoryCap);
  if (cap !== undefined && want.bytes > cap)
    return {
      result: oomNoFix(
        `The reviewer asked for a ${want.quantity} memory limit for container "${container}", above the ${settings.oomMemoryCap} cap of the OOM runbook; a person must allow more (CLOPUS_OOM_MEMORY_CAP), or Claude Code can revise it with model credentials.`,
      ),
    };
  const limit = limitText === undefined ? undefined : parseMemory(limitText);
  if (limit === want.bytes)
    return {
      result: oomNoFix(
        `Container "${container}" already has a ${limitText} memory limit, the ${want.quantity} the reviewer asked for, so there is nothing to change.`,
      ),
    };
  const request = requestText === undefined ? undefined : parseMemory(requestText);
  // Guaranteed QoS stays Guaranteed, and a request never ends up above its limit.
  const raiseRequest =
    want.setsRequest || (request !== undefined && ((limit !== undefined && request >= limit) || request > want.bytes));
  const from = limitText === undefined ? '' : ` from ${limitText}`;
  return {
    newLimit: want.quantity,
    raiseRequest,
    reason: `Set ${container}'s memory limit${from} to ${want.quantity}${raiseRequest ? ', and its request with it' : ''}, following the reviewer's request (revision ${want.revision})`,
    rootCause: `Container "${container}" was OOMKilled${limitText === undefined ? '' : ` at its ${limitText} memory limit`}. The reviewer asked for a ${want.quantity} limit (revision ${want.revision}); this proposal sets it.`,
  };
}

/** The raised limit for `container`, or the runbook's answer when there is none to propose. */
export function sizeMemory(
  container: string,
  limitText: string | undefined,
  requestText: string | undefined,
  settings: RunbookInput['settings'],
  requested?: RequestedMemory,
): MemorySizing | { result: RunbookResult } {
  if (requested) return requestedSizing(container, limitText, requestText, settings, requested);
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
