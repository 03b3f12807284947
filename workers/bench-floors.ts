import type { SlotLock } from "./slot-lock";

// The floors `npm run bench` measures the app against, in the same Worker and
// run (tests/bench/worker.bench.mjs): what a request costs that does nothing,
// one D1 read, and one Durable Object call plus one D1 insert. They answer only
// when APP_ENV is "test" (the bench and the integration tests), never deployed.

export const BENCH_FLOOR_TABLE = "bench_floor";

export async function benchFloor(pathname: string, env: Env): Promise<Response | undefined> {
  switch (pathname) {
    case "/__bench/constant":
      return new Response("ok");
    case "/__bench/read": {
      await env.DB.prepare("SELECT 1").first();
      return new Response("ok");
    }
    case "/__bench/write": {
      // The bench creates the table; a bare insert, no batch, no guard.
      const lock = env.SLOT_LOCK as unknown as DurableObjectNamespace<SlotLock>;
      await lock.get(lock.idFromName("studio")).noop();
      await env.DB.prepare(`INSERT INTO ${BENCH_FLOOR_TABLE} (id, at) VALUES (?, ?)`).bind(crypto.randomUUID(), Date.now()).run();
      return new Response("ok", { status: 201 });
    }
    default:
      return undefined;
  }
}
