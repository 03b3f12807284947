// How many requests this isolate is handling right now, so that work that can
// wait (the outbox's queue consumer and the cron: background-d1.server.ts)
// goes on only between them (docs/decisions/0050). One isolate runs one
// JavaScript thread for requests, queue batches and crons alike; a request
// that arrives while a batch is running would otherwise wait for each piece
// of the batch's CPU that is ready before its own.

let inFlight = 0;
const waiting = new Set<() => void>();

export function requestStarted(): void {
  inFlight += 1;
}

export function requestEnded(): void {
  inFlight = Math.max(0, inFlight - 1);
  if (inFlight === 0) for (const wake of [...waiting]) wake();
}

/**
 * Resolves once no request is being handled (after the event loop's next turn
 * at the earliest), or after `maxWaitMs` whatever happens: under steady load
 * there is never a moment without a request, and the work must still go on.
 */
export function whenNoRequest(maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (inFlight === 0) return void setTimeout(resolve, 0);
    const wake = () => {
      clearTimeout(timer);
      waiting.delete(wake);
      // A turn of the loop first: the request that just ended may have work queued behind its answer.
      setTimeout(resolve, 0);
    };
    const timer = setTimeout(() => {
      waiting.delete(wake);
      resolve();
    }, maxWaitMs);
    waiting.add(wake);
  });
}
