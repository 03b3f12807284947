import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { book, jobOf, mailFor, settled, startFakes, type Fakes } from "./fakes-env";

// The studio's Google Calendar (fake) through the worker: free/busy hides and
// refuses busy slots, our own events never block, a short cache shields
// Google, stale and unreadable calendars keep the page calm, and the
// reconciler repairs drift.

const MINUTE = 60_000;

let fakes: Fakes;
let worker: TestWorker;
let slots: ApiSlot[];

beforeAll(async () => {
  fakes = await startFakes();
  worker = await startWorker({ vars: fakes.vars });
  slots = (await freeSlots(worker)).filter((s) => Date.parse(s.startsAt) > Date.now() + 49 * 3600_000);
});
afterAll(async () => {
  await worker?.dispose();
  await fakes?.close();
});
beforeEach(async () => {
  fakes.google.clearFaults();
  fakes.google.setFreeBusyErrors([]);
  fakes.google.state.calendars.get(fakes.google.calendarId)!.busy.length = 0;
  await worker.db.prepare("DELETE FROM calendar_busy_cache").run();
});

/** A slot with no booked neighbour: busy blocks in these tests never touch another test's slot. */
function takeSlot(): ApiSlot {
  const i = slots.findIndex((s, n) => n + 1 < slots.length && Date.parse(slots[n + 1].startsAt) - Date.parse(s.startsAt) === 15 * MINUTE);
  if (i < 0) throw new Error("ran out of free slot pairs");
  // The next slot is kept free too: some tests move a consultation there.
  const [slot] = slots.splice(i, 2);
  return slot;
}

function freeBusyCalls() {
  return fakes.google.state.requests.filter((r) => r.route === "freeBusy").length;
}

async function offered(): Promise<string[]> {
  return (await freeSlots(worker)).map((s) => s.startsAt);
}

async function consultation(id: string) {
  return worker.db.prepare("SELECT * FROM consultations WHERE id = ?").bind(id).first<Record<string, number | string | null>>();
}

describe("free/busy", () => {
  it("hides busy slots and refuses to book them with 409 studio_busy", async () => {
    const slot = takeSlot();
    fakes.google.addBusy(slot.startsAt, slot.endsAt);
    expect(await offered()).not.toContain(slot.startsAt);
    const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt));
    expect(res.status).toBe(409);
    const body = (await res.json()) as { reason: string; alternatives: { startsAt: string }[] };
    expect(body.reason).toBe("studio_busy");
    expect(body.alternatives.length).toBeGreaterThan(0);
  });

  it("asks Google once a minute at most (the busy list is shared through D1)", async () => {
    const before = freeBusyCalls();
    await offered();
    await offered();
    await offered();
    expect(freeBusyCalls() - before).toBe(1);
    await worker.db.prepare("UPDATE calendar_busy_cache SET fetched_at = fetched_at - 61000").run();
    await offered();
    expect(freeBusyCalls() - before).toBe(2);
  });

  it("our own events do not block: a moved consultation frees its old slot before its event moves", async () => {
    const slot = takeSlot();
    const { id } = await book(worker, bookingBody(slot.startsAt));
    await settled(worker, id);
    // Google now reports our event as busy; D1 blocks the slot anyway.
    const calendar = fakes.google.state.calendars.get(fakes.google.calendarId)!;
    expect(calendar.events.get(`c${id.replace(/-/g, "")}`)?.status).toBe("confirmed");
    expect(await offered()).not.toContain(slot.startsAt);
    // Move the consultation 15 minutes on in D1 only, as a reschedule whose
    // patch has not run yet leaves it: its event still sits at the old time.
    const moved = Date.parse(slot.endsAt);
    await worker.db.prepare("UPDATE consultations SET consultation_date = ? WHERE id = ?").bind(moved, id).run();
    await worker.db.prepare("DELETE FROM calendar_busy_cache").run();
    const now = await offered();
    expect(now).toContain(slot.startsAt);
    expect(now).not.toContain(new Date(moved).toISOString());
  });

  it("uses the last busy list while Google is down, up to CALENDAR_BUSY_MAX_STALE_MINUTES", async () => {
    const slot = takeSlot();
    fakes.google.addBusy(slot.startsAt, slot.endsAt);
    expect(await offered()).not.toContain(slot.startsAt);
    fakes.google.setFault({ path: "freeBusy", mode: "500" });
    // Five minutes old, the last attempt long ago: Google is asked, fails, the stale list is used.
    await worker.db.prepare("UPDATE calendar_busy_cache SET fetched_at = fetched_at - ?, last_attempt_at = last_attempt_at - ?").bind(5 * MINUTE, 5 * MINUTE).run();
    const page = await worker.fetch("/book");
    expect(page.status).toBe(200);
    expect(await offered()).not.toContain(slot.startsAt);
    const refused = await worker.postJson("/api/consultations", bookingBody(slot.startsAt));
    expect(((await refused.json()) as { reason: string }).reason).toBe("studio_busy");
    const cache = await worker.db.prepare("SELECT last_error FROM calendar_busy_cache").first<{ last_error: string }>();
    expect(cache?.last_error).toMatch(/500/);

    // Older than 30 minutes: D1 alone decides, and a booking is marked "not checked against the calendar".
    await worker.db.prepare("UPDATE calendar_busy_cache SET fetched_at = fetched_at - ?, last_attempt_at = last_attempt_at - ?").bind(31 * MINUTE, 31 * MINUTE).run();
    const calls = freeBusyCalls();
    const list = await worker.fetch("/book");
    expect(list.status).toBe(200);
    expect(await offered()).toContain(slot.startsAt);
    // A failed read is not repeated on every view: one attempt per minute.
    expect(freeBusyCalls() - calls).toBe(1);
    const { id } = await book(worker, bookingBody(slot.startsAt));
    expect((await consultation(id))?.calendar_checked).toBe(0);
    await settled(worker, id);
  });

  it("a 200 whose calendar entry carries errors counts as unreadable, not as free", async () => {
    const slot = takeSlot();
    fakes.google.addBusy(slot.startsAt, slot.endsAt);
    fakes.google.setFreeBusyErrors([{ domain: "global", reason: "backendError" }]);
    expect(await offered()).toContain(slot.startsAt); // nothing cached, so D1 decides
    const { id } = await book(worker, bookingBody(slot.startsAt));
    expect((await consultation(id))?.calendar_checked).toBe(0);
    const cache = await worker.db.prepare("SELECT fetched_at, last_error FROM calendar_busy_cache").first<{ fetched_at: number | null; last_error: string }>();
    expect(cache).toMatchObject({ fetched_at: null, last_error: expect.stringMatching(/backendError/) });
    await settled(worker, id);
  });
});

describe("invites from Google (domain-wide delegation)", () => {
  it("adds the client as an attendee with sendUpdates=all, and the confirmation carries no ICS", async () => {
    const own = await startFakes({ impersonate: "studio@studio.example" });
    const delegated = await startWorker({ vars: own.vars });
    try {
      const [slot] = (await freeSlots(delegated)).filter((s) => Date.parse(s.startsAt) > Date.now() + 49 * 3600_000);
      const { id } = await book(delegated, bookingBody(slot.startsAt));
      await settled(delegated, id);
      const event = own.google.state.calendars.get(own.google.calendarId)!.events.get(`c${id.replace(/-/g, "")}`)!;
      expect(event.attendees).toEqual([{ email: "ada@example.com", displayName: "Ada Lovelace" }]);
      const insert = own.google.state.requests.find((r) => r.route === "events.insert")!;
      expect(insert.query.sendUpdates).toBe("all");
      expect(own.google.state.tokens.size).toBeGreaterThan(0);
      for (const token of own.google.state.tokens.values()) expect(token.sub).toBe("studio@studio.example");
      const [mail] = mailFor(own.sendgrid, id, "confirmation") as { attachments?: unknown; content: { value: string }[] }[];
      expect(mail.attachments).toBeUndefined();
      expect(mail.content[0].value).toContain("A calendar invite follows in a separate email.");
    } finally {
      await delegated.dispose();
      await own.close();
    }
  });
});

describe("the reconciler (cron)", () => {
  async function age(id: string) {
    const old = Date.now() - 20 * MINUTE;
    await worker.db.prepare("UPDATE consultations SET created_at = ?, updated_at = ? WHERE id = ?").bind(old, old, id).run();
    await worker.db.prepare("UPDATE outbox_jobs SET updated_at = ? WHERE consultation_id = ?").bind(old - 60 * MINUTE, id).run();
  }

  async function syncState() {
    return worker.db.prepare("SELECT * FROM calendar_sync_state WHERE id = 1").first<Record<string, number | string | null>>();
  }

  it("creates a missing event once the first attempt has given up and the grace period is over", async () => {
    fakes.google.setFault({ path: "events.insert", mode: "500" });
    const slot = takeSlot();
    const { id } = await book(worker, bookingBody(slot.startsAt));
    await settled(worker, id);
    const create = await jobOf(worker, id, "calendar.create");
    await worker.db.prepare("UPDATE outbox_jobs SET status = 'dead' WHERE id = ?").bind(create.id).run();
    await age(id);
    fakes.google.clearFaults();

    await worker.scheduled();
    expect((await consultation(id))?.google_calendar_event_id).toBe(`c${id.replace(/-/g, "")}`);
    const { results } = await worker.db
      .prepare("SELECT status, payload FROM outbox_jobs WHERE consultation_id = ? AND kind = 'calendar.create' ORDER BY created_at")
      .bind(id)
      .all<{ status: string; payload: string }>();
    expect(results.map((r) => r.status)).toEqual(["dead", "done"]);
    expect(JSON.parse(results[1].payload)).toEqual({ repair: "scheduled but has no event" });
    const state = await syncState();
    expect(JSON.parse(String(state?.out_of_sync_ids))).toContain(id);
    expect(state?.last_api_ok_at).toBeGreaterThan(Date.now() - MINUTE);
    expect(state?.last_token_ok_at).toBeGreaterThan(Date.now() - MINUTE);

    await worker.scheduled();
    expect(JSON.parse(String((await syncState())?.out_of_sync_ids))).not.toContain(id);
  });

  it("re-applies a time a failed reschedule left behind, and removes the event of a cancelled consultation", async () => {
    const movedSlot = takeSlot();
    const cancelledSlot = takeSlot();
    const moved = await book(worker, bookingBody(movedSlot.startsAt));
    const cancelled = await book(worker, bookingBody(cancelledSlot.startsAt));
    await settled(worker, moved.id);
    await settled(worker, cancelled.id);
    const newTime = Date.parse(movedSlot.endsAt);
    await worker.db.prepare("UPDATE consultations SET consultation_date = ? WHERE id = ?").bind(newTime, moved.id).run();
    await worker.db.prepare("UPDATE consultations SET status = 'cancelled' WHERE id = ?").bind(cancelled.id).run();
    await age(moved.id);
    await age(cancelled.id);

    await worker.scheduled();
    const events = fakes.google.state.calendars.get(fakes.google.calendarId)!.events;
    expect(events.get(`c${moved.id.replace(/-/g, "")}`)?.start?.dateTime).toBe(new Date(newTime).toISOString());
    expect(events.get(`c${cancelled.id.replace(/-/g, "")}`)?.status).toBe("cancelled");
    expect((await consultation(moved.id))?.calendar_event_starts_at).toBe(newTime);
    expect((await consultation(cancelled.id))?.calendar_event_starts_at).toBeNull();
    // Nothing is repaired twice.
    const repairs = await worker.db
      .prepare("SELECT COUNT(*) AS n FROM outbox_jobs WHERE consultation_id IN (?, ?) AND payload LIKE '%repair%'")
      .bind(moved.id, cancelled.id)
      .first<{ n: number }>();
    expect(repairs?.n).toBe(2);
    await worker.scheduled();
    const again = await worker.db
      .prepare("SELECT COUNT(*) AS n FROM outbox_jobs WHERE consultation_id IN (?, ?) AND payload LIKE '%repair%'")
      .bind(moved.id, cancelled.id)
      .first<{ n: number }>();
    expect(again?.n).toBe(2);
  });
});
