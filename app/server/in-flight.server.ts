// How many requests this isolate is handling right now, so that work that can
// wait (the outbox's queue consumer and the cron: background-d1.server.ts)
// goes on only between them (docs/decisions/0050). One isolate runs one
// JavaScript thread for requests, queue batches and crons alike; a request
// that arrives while a batch is running would otherwise wait for each piece
// of the batch's CPU that is ready before its own.

let inFlight = 0;
// When a request last started or ended here (Date.now(): it moves across I/O, timers included).
let lastActivityAt = -Infinity;
const waiting = new Set<() => void>();

export function requestStarted(): void {
  inFlight += 1;
  lastActivityAt = Date.now();
}

export function requestEnded(): void {
  inFlight = Math.max(0, inFlight - 1);
  lastActivityAt = Date.now();
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

/**
 * Resolves once the isolate has been without requests for `quietMs` (a lull,
 * not just the gap between two requests of a busy client), or after
 * `maxWaitMs` whatever happens.
 */
export function whenQuiet(quietMs: number, maxWaitMs: number): Promise<void> {
  const giveUpAt = Date.now() + maxWaitMs;
  return new Promise((resolve) => {
    const check = () => {
      const now = Date.now();
      const quietFor = inFlight === 0 ? now - lastActivityAt : 0;
      if (quietFor >= quietMs || now >= giveUpAt) return resolve();
      setTimeout(check, Math.min(Math.max(1, quietMs - quietFor), giveUpAt - now));
    };
    check();
  });
}
