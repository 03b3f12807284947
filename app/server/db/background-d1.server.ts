import { whenNoRequest } from "../in-flight.server";
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

export function backgroundD1(db: D1Database): D1Database {
  return aroundD1(db, async (call) => {
    await whenNoRequest(BACKGROUND_WAIT_MS);
    return call();
  });
}
