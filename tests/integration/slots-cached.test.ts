import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingForm, freeSlots, type ApiDay, type ApiSlot } from "./booking-data";
import { startWorker, type TestWorker } from "./harness";

// One worker, so one isolate: after the first read of a range, every read of
// it reuses the blocks this isolate kept unless availability_version says
// something changed (decision 0046). Whatever changed, and however (the manage
// link, the studio, a statement straight in D1 as retention or a restore would
// make), the very next read is right.

let worker: TestWorker;
let pool: ApiSlot[];
beforeAll(async () => {
  worker = await startWorker();
  pool = await freeSlots(worker);
});
afterAll(() => worker?.dispose());

function take(): string {
  const slot = pool.shift();
  if (!slot) throw new Error("ran out of free slots");
  return slot.startsAt;
}

/** The week view and the slot's own day, both read twice so both are served from what the isolate kept. */
async function offeredTwice(startsAt: string): Promise<boolean[]> {
  const seen: boolean[] = [];
  for (let i = 0; i < 2; i++) {
    for (const url of ["/api/slots?days=31", `/api/slots?from=${startsAt.slice(0, 10)}&days=1&tz=UTC`]) {
      const res = await worker.fetch(url);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { days: ApiDay[] };
      seen.push(body.days.some((d) => d.slots.some((s) => s.startsAt === startsAt)));
    }
  }
  return seen;
}
const shown = [true, true, true, true];
const hidden = [false, false, false, false];

async function bookWithLink(startsAt: string): Promise<{ id: string; link: string }> {
  const res = await worker.postForm("/book", bookingForm(startsAt));
  expect(res.status).toBe(302);
  const location = res.headers.get("location")!;
  const id = /\/book\/confirmed\/([0-9a-f-]{36})$/.exec(location)![1];
  const page = await (await worker.fetch(location)).text();
  const link = /href="(\/manage\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(page)![1];
  return { id, link };
}

describe("slots served from the isolate's copy are right in the very next answer", () => {
  it("booked, then cancelled from the manage link", async () => {
    const slot = take();
    expect(await offeredTwice(slot)).toEqual(shown);
    const { link } = await bookWithLink(slot);
    expect(await offeredTwice(slot)).toEqual(hidden);
    expect((await worker.postForm(`${link}/cancel`, { reason: "Caught a cold" })).status).toBe(302);
    expect(await offeredTwice(slot)).toEqual(shown);
  });

  it("rescheduled from the manage link: the old time free, the new one taken", async () => {
    const [from, to] = [take(), take()];
    const { link } = await bookWithLink(from);
    expect(await offeredTwice(from)).toEqual(hidden);
    expect(await offeredTwice(to)).toEqual(shown);
    expect((await worker.postForm(link, { consultationDate: to, timeZone: "Europe/London" })).status).toBe(302);
    expect(await offeredTwice(from)).toEqual(shown);
    expect(await offeredTwice(to)).toEqual(hidden);
  });

  it("erased from the manage link: the booking keeps its time, so the slot stays taken", async () => {
    const slot = take();
    const { link } = await bookWithLink(slot);
    expect(await offeredTwice(slot)).toEqual(hidden);
    expect((await worker.postForm(`${link}/delete`, {})).status).toBe(302);
    expect(await offeredTwice(slot)).toEqual(hidden);
  });

  it("changed straight in D1 (no code path of ours): a status, a time, a closure added and removed", async () => {
    const [slot, target, closed] = [take(), take(), take()];
    const { id } = await bookWithLink(slot);
    expect(await offeredTwice(slot)).toEqual(hidden);

    await worker.db.prepare("UPDATE consultations SET status = 'cancelled' WHERE id = ?").bind(id).run();
    expect(await offeredTwice(slot)).toEqual(shown);
    await worker.db.prepare("UPDATE consultations SET status = 'scheduled', consultation_date = ? WHERE id = ?").bind(Date.parse(target), id).run();
    expect(await offeredTwice(slot)).toEqual(shown);
    expect(await offeredTwice(target)).toEqual(hidden);
    await worker.db.prepare("UPDATE consultations SET status = 'completed' WHERE id = ?").bind(id).run();
    expect(await offeredTwice(target)).toEqual(shown);

    expect(await offeredTwice(closed)).toEqual(shown);
    const at = Date.parse(closed);
    await worker.db
      .prepare("INSERT INTO availability_closures (id, starts_at, ends_at, reason, created_at) VALUES ('cached-closure', ?, ?, 'Session', ?)")
      .bind(at, at + 15 * 60_000, Date.now())
      .run();
    expect(await offeredTwice(closed)).toEqual(hidden);
    await worker.db.prepare("DELETE FROM availability_closures WHERE id = 'cached-closure'").run();
    expect(await offeredTwice(closed)).toEqual(shown);
  });

  it("every change gives the version a new value, in the same statement", async () => {
    const version = async () => (await worker.db.prepare("SELECT version FROM availability_version").first<{ version: number }>())!.version;
    const before = await version();
    await bookWithLink(take());
    expect(await version()).not.toBe(before);
  });
});
