import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Admin } from "./admin-support";
import { bookingBody, freeSlots, type ApiDay } from "./booking-data";
import { startWorker, type TestWorker } from "./harness";

// GET /api/slots answers from what D1 holds at that moment: a listing is only
// reused while D1 still holds the availability token it was read under, and
// triggers change that token with every change (docs/decisions/0061). Whatever
// a client, the studio or someone at D1's console changed is right in the very
// next answer, even with bookings and reads all in flight.

let worker: TestWorker;
let admin: Admin;
beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
});
afterAll(() => worker?.dispose());

async function offered(days = 31): Promise<Set<string>> {
  const res = await worker.fetch(`/api/slots?days=${days}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { days: ApiDay[] };
  return new Set(body.days.flatMap((d) => d.slots.map((s) => s.startsAt)));
}

async function oneDay(startsAt: string): Promise<Set<string>> {
  const date = startsAt.slice(0, 10);
  const res = await worker.fetch(`/api/slots?from=${date}&days=1&tz=UTC`);
  const body = (await res.json()) as { days: ApiDay[] };
  return new Set(body.days.flatMap((d) => d.slots.map((s) => s.startsAt)));
}

describe("slots are fresh in the very next answer", () => {
  it("40 bookings racing reads: each booked slot is gone from every read that starts after its 201", async () => {
    const slots = (await freeSlots(worker)).slice(0, 40).map((s) => s.startsAt);
    // Background readers, all the while: they must never break or answer an error.
    let stop = false;
    const background = Array.from({ length: 4 }, async () => {
      let reads = 0;
      while (!stop) {
        expect((await worker.fetch("/api/slots?days=7&tz=Asia/Kolkata")).status).toBe(200);
        reads++;
      }
      return reads;
    });
    const after = await Promise.all(
      slots.map(async (startsAt, i) => {
        const [booked] = await Promise.all([
          worker.postJson("/api/consultations", bookingBody(startsAt, { customerEmail: `fresh${i}@example.com` })),
          // A read racing the booking may show the slot or not; the ones after it decide.
          worker.fetch("/api/slots?days=7"),
        ]);
        expect(booked.status).toBe(201);
        const [week, day] = await Promise.all([offered(), oneDay(startsAt)]);
        return { startsAt, inWeek: week.has(startsAt), inDay: day.has(startsAt) };
      }),
    );
    stop = true;
    expect((await Promise.all(background)).every((reads) => reads > 0)).toBe(true);
    expect(after.filter((a) => a.inWeek || a.inDay)).toEqual([]);
    const finally_ = await offered();
    expect(slots.filter((s) => finally_.has(s))).toEqual([]);
  });

  it("a cancelled, a moved and a closed slot are right in the next answer", async () => {
    const [a, b, target, closedSlot] = (await freeSlots(worker)).map((s) => s.startsAt);
    const ids: string[] = [];
    for (const startsAt of [a, b]) {
      const res = await worker.postJson("/api/consultations", bookingBody(startsAt));
      ids.push(((await res.json()) as { id: string }).id);
    }
    expect((await offered()).has(a)).toBe(false);

    // Cancelled: free again at once.
    expect((await admin.put(`/api/consultations/${ids[0]}`, { status: "cancelled", reason: "Client emailed" })).status).toBe(200);
    expect((await offered()).has(a)).toBe(true);
    expect((await oneDay(a)).has(a)).toBe(true);

    // Moved: the old time free, the new one taken.
    expect((await admin.put(`/api/consultations/${ids[1]}`, { consultationDate: target, reason: "Studio clash" })).status).toBe(200);
    const afterMove = await offered();
    expect(afterMove.has(b)).toBe(true);
    expect(afterMove.has(target)).toBe(false);

    // Closed: a closure over the slot's studio hour hides it.
    const london = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(closedSlot));
    const startTime = london.format(new Date(closedSlot));
    const endTime = london.format(new Date(Date.parse(closedSlot) + 15 * 60_000));
    const res = await admin.post("/admin/availability", { intent: "add", kind: "times", startDate: londonDate, startTime, endTime, reason: "Session" });
    expect(res.status).toBeLessThan(400);
    expect((await offered()).has(closedSlot)).toBe(false);
    expect((await oneDay(closedSlot)).has(closedSlot)).toBe(false);
  });

  it("a change made in D1 itself, past the app (a console UPDATE, a studio calendar event), is right in the next answer", async () => {
    const [first, second] = (await freeSlots(worker)).map((s) => s.startsAt);
    const res = await worker.postJson("/api/consultations", bookingBody(first, { customerEmail: "console@example.com" }));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    // Read twice: the second answer is the remembered listing.
    expect((await offered()).has(first)).toBe(false);
    expect((await offered()).has(first)).toBe(false);

    await worker.db.prepare("UPDATE consultations SET status = 'cancelled' WHERE id = ?").bind(id).run();
    expect((await offered()).has(first)).toBe(true);
    expect((await oneDay(first)).has(first)).toBe(true);

    // The local calendar stands in for the studio's Google Calendar: an event there is busy time.
    const start = Date.parse(second);
    await worker.db
      .prepare("INSERT INTO local_calendar_events (id, summary, starts_at, ends_at, body, created_at, updated_at) VALUES (?, 'Mixing session', ?, ?, '{}', ?, ?)")
      .bind(crypto.randomUUID(), start, start + 15 * 60_000, Date.now(), Date.now())
      .run();
    expect((await offered()).has(second)).toBe(false);
    await worker.db.prepare("UPDATE local_calendar_events SET status = 'cancelled' WHERE summary = 'Mixing session'").run();
    expect((await offered()).has(second)).toBe(true);
  });

  it("a change that leaves availability alone keeps the same answer", async () => {
    // Not the slot the console freed above: that booking's hold lasts a minute (docs/decisions/0068).
    const slot = (await freeSlots(worker)).at(-1)!.startsAt;
    const res = await worker.postJson("/api/consultations", bookingBody(slot, { customerEmail: "notes@example.com" }));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    // Its calendar event is written after the answer (a change: our own event's time); let that finish.
    await worker.scheduled();
    const token = () => worker.db.prepare("SELECT token FROM availability_version").first<string>("token");
    const before = await token();
    // A note is not availability: the token, and so every remembered listing, stays.
    await worker.db.prepare("UPDATE consultations SET special_requirements = 'Bring stems' WHERE id = ?").bind(id).run();
    expect(await token()).toBe(before);
    expect((await offered()).has(slot)).toBe(false);
  });
});
