import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backgroundD1 } from "~/server/db/background-d1.server";
import { requestEnded, requestStarted } from "~/server/in-flight.server";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A D1 binding whose batches take `ms` each and note how many were in flight at once. */
function slowD1(ms: number) {
  const seen = { inFlight: 0, most: 0, order: [] as string[] };
  const db = {
    batch: async (statements: { label: string }[]) => {
      seen.inFlight += 1;
      seen.most = Math.max(seen.most, seen.inFlight);
      seen.order.push(statements[0]!.label);
      await new Promise((resolve) => setTimeout(resolve, ms));
      seen.inFlight -= 1;
      return [];
    },
  } as unknown as D1Database;
  return { db, seen };
}

// A request's D1 call in workerd waits behind every background call already in
// flight, so the outbox's jobs (four at a time) and the cron send theirs one at
// a time, between requests (docs/decisions/0070).
describe("backgroundD1", () => {
  it("sends one background round trip at a time, in the order they were asked for, across runs", async () => {
    const { db, seen } = slowD1(5);
    const relay = backgroundD1(db, 0);
    const cron = backgroundD1(db, 0);
    const calls = [relay, cron, relay, cron].map((d, i) => d.batch([{ label: `call ${i}` }] as never));
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(calls);
    expect(seen.most).toBe(1);
    expect(seen.order).toEqual(["call 0", "call 1", "call 2", "call 3"]);
  });

  it("lets a request go first: the next round trip waits until no request is being handled", async () => {
    const { db, seen } = slowD1(1);
    const relay = backgroundD1(db, 0);
    requestStarted();
    const call = relay.batch([{ label: "job" }] as never);
    await vi.advanceTimersByTimeAsync(10);
    expect(seen.order).toEqual([]);
    requestEnded();
    await vi.advanceTimersByTimeAsync(5);
    await call;
    expect(seen.order).toEqual(["job"]);
  });

  it("a failed round trip does not hold up the ones after it", async () => {
    let first = true;
    const db = {
      batch: async () => {
        if (first) {
          first = false;
          throw new Error("D1_ERROR: busy");
        }
        return ["ok"];
      },
    } as unknown as D1Database;
    const relay = backgroundD1(db, 0);
    const failing = relay.batch([] as never);
    const next = relay.batch([] as never);
    await vi.advanceTimersByTimeAsync(10);
    await expect(failing).rejects.toThrow("busy");
    await expect(next).resolves.toEqual(["ok"]);
  });
});
