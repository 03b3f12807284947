import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, type Admin } from "./admin-support";
import { bookingBody, freeSlots, type ApiDay, type ApiSlot } from "./booking-data";
import { startWorker, type TestWorker } from "./harness";

// Closures from /admin/availability hide slots from the booking page and
// GET /api/slots (reason "closed"), and can't be booked.

let worker: TestWorker;
let admin: Admin;
let days: { date: string; slots: ApiSlot[] }[];

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  const slots = await freeSlots(worker);
  // Studio dates (the API defaults to the studio's zone) with a full day of free slots.
  const byDate = new Map<string, ApiSlot[]>();
  for (const s of slots) {
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(Date.parse(s.startsAt));
    byDate.set(date, [...(byDate.get(date) ?? []), s]);
  }
  days = [...byDate].filter(([, s]) => s.length === 36).map(([date, s]) => ({ date, slots: s }));
});
afterAll(() => worker?.dispose());

async function day(date: string): Promise<ApiDay> {
  const body = (await (await worker.fetch(`/api/slots?from=${date}&days=1&tz=Europe/London`)).json()) as { days: ApiDay[] };
  return body.days[0];
}

async function closureIds(): Promise<string[]> {
  return (await worker.db.prepare("SELECT id FROM availability_closures ORDER BY starts_at").all<{ id: string }>()).results.map((r) => r.id);
}

describe("availability closures", () => {
  it("closes whole days: no slots, reason closed, bookings refused; removing it reopens them", async () => {
    const { date, slots } = days[1];
    const res = await admin.post("/admin/availability", { intent: "add", kind: "days", startDate: date, endDate: "", reason: "Bank holiday" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/availability?saved=added");

    expect(await day(date)).toMatchObject({ slots: [], reason: "closed" });
    const booking = await worker.postJson("/api/consultations", bookingBody(slots[0].startsAt));
    expect(booking.status).toBe(409);
    expect(await booking.json()).toMatchObject({ reason: "closed" });
    const page = (await (await worker.fetch(`/book?from=${date}&tz=Europe/London`)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("The studio is closed");

    const list = (await (await admin.get("/admin/availability")).text()).replaceAll("<!-- -->", "");
    expect(list).toContain("Bank holiday");
    expect(list).toContain("all day");

    const [id] = await closureIds();
    const removed = await admin.post("/admin/availability", { intent: "delete", id });
    expect(removed.status).toBe(302);
    expect((await day(date)).slots).toHaveLength(36);
    expect((await worker.postJson("/api/consultations", bookingBody(slots[0].startsAt))).status).toBe(201);
  });

  it("closes a time range entered in studio time, leaving the rest of the day", async () => {
    const { date } = days[2];
    const res = await admin.post("/admin/availability", { intent: "add", kind: "times", startDate: date, startTime: "14:00", endTime: "16:30", reason: "Album session" });
    expect(res.status).toBe(302);
    const open = (await day(date)).slots.map((s) => s.label);
    expect(open).toHaveLength(36 - 10);
    expect(open).toContain("13:45");
    expect(open).not.toContain("14:00");
    expect(open).not.toContain("16:15");
    expect(open).toContain("16:30");
  });

  it("warns about scheduled consultations inside a new closure (it doesn't cancel them)", async () => {
    const { date, slots } = days[3];
    const booked = await worker.postJson("/api/consultations", bookingBody(slots[5].startsAt, { customerEmail: "inside@example.com" }));
    expect(booked.status).toBe(201);
    await admin.post("/admin/availability", { intent: "add", kind: "days", startDate: date, endDate: days[4].date, reason: "Holiday" });
    const page = (await (await admin.get("/admin/availability")).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("1 scheduled consultation: move or cancel");
    expect(await worker.db.prepare("SELECT status FROM consultations WHERE customer_email = 'inside@example.com'").first()).toEqual({ status: "scheduled" });
  });

  it("answers bad input with field errors and stores nothing", async () => {
    const before = (await closureIds()).length;
    const cases: [Record<string, string>, string][] = [
      [{ kind: "days", startDate: "", reason: "x" }, "Enter the first date"],
      [{ kind: "days", startDate: "24/12/2030", reason: "x" }, "Enter the first date like 2026-12-24"],
      [{ kind: "days", startDate: "2030-01-10", endDate: "2030-01-01", reason: "x" }, "The last date must be on or after the first date"],
      [{ kind: "times", startDate: "2030-01-10", reason: "x" }, "Enter the time the closure starts"],
      [{ kind: "times", startDate: "2030-01-10", startTime: "15:00", endTime: "14:00", reason: "x" }, "The end time must be after the start time"],
      [{ kind: "days", startDate: "2030-01-10", reason: "" }, "Say why the studio is closed"],
      // 01:30 doesn't exist in London on the day the clocks go forward.
      [{ kind: "times", startDate: "2030-03-31", startTime: "01:30", endTime: "03:00", reason: "x" }, "The clocks skip 01:30 on 2030-03-31"],
      [{ kind: "weeks", startDate: "2030-01-10", reason: "x" }, "Choose whole days or a time range"],
    ];
    for (const [fields, message] of cases) {
      const res = await admin.post("/admin/availability", { intent: "add", ...fields });
      expect(res.status, message).toBe(400);
      expect((await res.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'")).toContain(message);
    }
    expect(await closureIds()).toHaveLength(before);
    const badDelete = await admin.post("/admin/availability", { intent: "delete", id: "nope" });
    expect(badDelete.status).toBe(400);
  });

  it("keeps the studio from rescheduling into a closure", async () => {
    const { date, slots } = days[6];
    const mine = days[5].slots[0];
    const booked = await worker.postJson("/api/consultations", bookingBody(mine.startsAt, { customerEmail: "move-me@example.com" }));
    const { id } = (await booked.json()) as { id: string };
    await admin.post("/admin/availability", { intent: "add", kind: "days", startDate: date, reason: "Gear maintenance" });
    const res = await admin.put(`/api/consultations/${id}`, { consultationDate: slots[0].startsAt });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ reason: "closed" });
  });
});
