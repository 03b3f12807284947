import type { AppLoadContext } from "@remix-run/cloudflare";
import type { SlotLock } from "../../workers/slot-lock";
import type { BookingDeps } from "./booking.server";
import { getDb, type Db } from "./db/client.server";
import type { AppConfig } from "./env.server";
import type { Logger } from "./log.server";
import type { ServerTiming } from "./server-timing.server";
import { slotLockClient } from "./slot-lock.server";
import { outboxRelayFrom, type OutboxRelay } from "./outbox/relay.server";
import { integrationServices } from "./outbox/wiring.server";

// What workers/app.ts hands every loader and action.
declare module "@remix-run/cloudflare" {
  interface AppLoadContext {
    cloudflare: { env: Env; ctx: ExecutionContext };
    config: AppConfig;
    log: Logger;
    requestId: string;
    // Added to the final response by workers/app.ts, whatever Remix makes of
    // the route's headers (Retry-After on a rate-limited form post).
    responseHeaders: Headers;
    /** Server-Timing of this request (server-timing.server.ts); absent outside a request. */
    timing?: ServerTiming;
  }
}

export type AppServices = BookingDeps & {
  db: Db;
  env: Env;
  waitUntil: (work: Promise<unknown>) => void;
  /** The outbox's queue relay; absent where the environment has no OUTBOX_QUEUE (jobs then run via waitUntil). */
  outboxRelay?: OutboxRelay;
};

// The services a route needs, built from the load context per request.
export function appServices(context: AppLoadContext): AppServices {
  const { env, ctx } = context.cloudflare;
  const db = getDb(env.DB);
  const base = {
    db,
    config: context.config,
    log: context.log,
    now: () => Date.now(),
    waitUntil: (work: Promise<unknown>) => ctx.waitUntil(work),
    outboxRelay: outboxRelayFrom(env),
  };
  return {
    ...base,
    env,
    slotLock: slotLockClient(env.SLOT_LOCK as unknown as DurableObjectNamespace<SlotLock>, context.timing),
    // Studio calendar busy time, the booking's outbox jobs, and running them after the response.
    ...integrationServices(base),
  };
}
