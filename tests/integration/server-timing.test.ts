import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingBody, freeSlots } from "./booking-data";
import { startWorker, type TestWorker } from "./harness";

// Every answer says where its time went (Server-Timing: db, lock, render,
// total), and the request's log line carries the same figures. Values are
// never asserted (tests never time): only that they are there and add up.

let worker: TestWorker;
const logLines: Record<string, unknown>[] = [];
beforeAll(async () => {
  worker = await startWorker({
    onLogLine: (line) => {
      const json = line.indexOf("{");
      if (json >= 0 && line.includes('"event":"request"')) logLines.push(JSON.parse(line.slice(json)));
    },
  });
});
afterAll(() => worker?.dispose());

function metrics(header: string | null): Record<string, { dur: number; desc?: string }> {
  const out: Record<string, { dur: number; desc?: string }> = {};
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().split(";");
    const dur = Number(/dur=([\d.]+)/.exec(params.join(";"))?.[1]);
    const desc = /desc="([^"]*)"/.exec(params.join(";"))?.[1];
    if (name) out[name] = { dur, desc };
  }
  return out;
}

describe("Server-Timing", () => {
  it("a page: D1 round trips, the render and the total", async () => {
    const res = await worker.fetch("/book");
    const m = metrics(res.headers.get("server-timing"));
    expect(Object.keys(m)).toEqual(["db", "render", "total"]);
    expect(m.db.desc).toBe("D1 calls: 1");
    expect(m.total.dur).toBeGreaterThanOrEqual(m.db.dur);
  });

  it("a booking: D1 and the SlotLock, and the log line says the same", async () => {
    const [slot] = await freeSlots(worker);
    const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt));
    expect(res.status).toBe(201);
    const m = metrics(res.headers.get("server-timing"));
    expect(Object.keys(m)).toEqual(["db", "lock", "total"]);
    // The claim, before the answer, and nothing after it: the hold lapses on its own (docs/decisions/0068).
    expect(m.lock.desc).toBe("SlotLock calls: 1");
    await expect.poll(() => logLines.find((l) => l.requestId === res.headers.get("x-request-id"))).toBeDefined();
    const line = logLines.find((l) => l.requestId === res.headers.get("x-request-id"))!;
    expect(line).toMatchObject({ method: "POST", path: "/api/consultations", status: 201, dbMs: m.db.dur, lockMs: m.lock.dur, lockCalls: Number(m.lock.desc!.slice(-1)) });
  });

  it("a booking answers after two D1 round trips, its Idempotency-Key included; a replay after one", async () => {
    const [, slot] = await freeSlots(worker);
    const key = crypto.randomUUID();
    const first = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, { customerEmail: "timing@example.com" }), { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    // One read batch (the time's surroundings, the address's bookings, the key), one guarded write batch.
    expect(metrics(first.headers.get("server-timing")).db.desc).toBe("D1 calls: 2");
    const replay = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, { customerEmail: "timing@example.com" }), { "Idempotency-Key": key });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const m = metrics(replay.headers.get("server-timing"));
    expect(m.db.desc).toBe("D1 calls: 1");
    // The claim goes out beside the read, before the read shows a replay (docs/decisions/0055); the replay keeps the booking's hold.
    expect(m.lock.desc).toBe("SlotLock calls: 1");
  });

  it("a JSON read: D1 only", async () => {
    const m = metrics((await worker.fetch("/api/slots?days=7")).headers.get("server-timing"));
    expect(Object.keys(m)).toEqual(["db", "total"]);
  });
});
