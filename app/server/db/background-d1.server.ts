import { whenNoRequest, whenQuiet } from "../in-flight.server";
import { aroundD1 } from "./around-d1.server";

// The D1 binding for work that can wait (the outbox's queue consumer and the
// cron): every round trip first waits until the isolate handles no request
// (in-flight.server.ts; at most BACKGROUND_WAIT_MS), and at least for the
// event loop's next turn, so whatever a request has ready (its next step, a
// request that just arrived) runs before this work's next step. One isolate runs one
// JavaScript thread and serves requests, queue batches and crons together
// (docs/decisions/0050): a batch of calendar entries and emails must not make
// a booking that lands beside it wait for the whole batch.

/** The longest a background round trip waits for a moment without requests. */
export const BACKGROUND_WAIT_MS = 20;
/**
 * For this long from its start, a background run's round trips wait for a lull
 * (no request for QUIET_MS) instead: a client booking or paging on this
 * isolate is not slowed at all while it is active, and a confirmation still
 * goes out within seconds (docs/decisions/0056).
 */
export const BACKGROUND_PATIENCE_MS = 3_000;
export const QUIET_MS = 10;

// Background round trips go one at a time per isolate, whichever run makes
// them (a relay batch's jobs run four at a time, and a cron may run beside
// it): when a gap between requests opens, one of them goes, not all that were
// waiting. In workerd a request's D1 call that arrives meanwhile waits behind
// every call already in flight; it should wait behind one at most
// (docs/decisions/0070).
let lane: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const turn = lane.then(work, work);
  lane = turn.catch(() => undefined);
  return turn;
}

export function backgroundD1(db: D1Database, patienceMs = BACKGROUND_PATIENCE_MS): D1Database {
  const patientUntil = Date.now() + patienceMs;
  return aroundD1(db, (call) =>
    oneAtATime(async () => {
      const patience = patientUntil - Date.now();
      if (patience > 0) await whenQuiet(QUIET_MS, patience);
      await whenNoRequest(BACKGROUND_WAIT_MS);
      return call();
    }),
  );
}
