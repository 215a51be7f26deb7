// Ack first, work after, one start per turn of the event loop. Deciding, rendering and SQLite run synchronously, so
// fifty clicks resumed at once would hold the loop until all fifty were done; letting one start per turn puts Node's
// poll phase (read the next requests, ack them) between any two, keeping acks fast under a burst.
const waiting: Array<() => void> = [];
let granting = false;

function grant(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(grant);
  else granting = false;
}

/** Resolves when this listener may start its work: after the pending acks, and after the work that queued first. */
export function afterPendingAcks(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!granting) {
      granting = true;
      setImmediate(grant);
    }
  });
}
