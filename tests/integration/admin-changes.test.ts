import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, asAdmin, historyOf, insertConsultation, type Admin } from "./admin-support";
import { bookingBody, countConsultations, freeSlots, type ApiSlot } from "./booking-data";
import { startWorker, type TestWorker } from "./harness";

// Changing consultations through the admin's forms (as a browser without
// JavaScript posts them): status changes with their history, cancelling,
// rescheduling through the SlotLock, editing details and notes.

let worker: TestWorker;
let admin: Admin;
let slots: ApiSlot[];
let next = 0;

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  slots = await freeSlots(worker);
});
afterAll(() => worker?.dispose());

/** A free slot no other test has used (every test takes its own). */
function takeSlot(): ApiSlot {
  const slot = slots[next];
  next += 3;
  if (!slot) throw new Error("ran out of free slots");
  return slot;
}

async function book(slot: ApiSlot, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, overrides));
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function row(id: string) {
  return worker.db
    .prepare("SELECT status, consultation_date, admin_notes, customer_email, customer_phone, bpm, project_name FROM consultations WHERE id = ?")
    .bind(id)
    .first<{ status: string; consultation_date: number; admin_notes: string | null; customer_email: string; customer_phone: string | null; bpm: number | null; project_name: string }>();
}

async function isFree(slot: ApiSlot): Promise<boolean> {
  const all = await (await worker.fetch("/api/slots?days=31")).json() as { days: { slots: ApiSlot[] }[] };
  return all.days.some((d) => d.slots.some((s) => s.startsAt === slot.startsAt));
}

async function jobsOf(id: string): Promise<string[]> {
  const result = await worker.db.prepare("SELECT kind FROM outbox_jobs WHERE consultation_id = ? ORDER BY created_at, kind").bind(id).all<{ kind: string }>();
  return result.results.map((r) => r.kind);
}

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

describe("status changes", () => {
  it("marks a past consultation completed, recording who and why", async () => {
    const id = await insertConsultation(worker, { startsAt: Date.now() - 3_600_000 });
    const res = await admin.post(`/admin/consultations/${id}`, { intent: "status", status: "completed", reason: "Great session" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/consultations/${id}?saved=status`);
    expect((await row(id))?.status).toBe("completed");
    expect(await historyOf(worker, id)).toEqual([
      { from_status: null, to_status: "scheduled", actor: "client", actor_detail: null, reason: "Booked online" },
      { from_status: "scheduled", to_status: "completed", actor: "studio", actor_detail: ADMIN.email, reason: "Great session" },
    ]);
    const page = await text(await admin.get(`/admin/consultations/${id}?saved=status`));
    expect(page).toContain("The status was changed.");
    expect(page).toContain("Scheduled → Completed");
  });

  it("needs a reason to correct completed to no-show, then records it", async () => {
    const id = await insertConsultation(worker, { startsAt: Date.now() - 7_200_000, status: "completed" });
    const refused = await admin.post(`/admin/consultations/${id}`, { intent: "status", status: "no_show", reason: "" });
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("Say why you are changing a completed consultation.");
    expect((await row(id))?.status).toBe("completed");

    const ok = await admin.post(`/admin/consultations/${id}`, { intent: "status", status: "no_show", reason: "Marked by mistake" });
    expect(ok.status).toBe(302);
    const history = await historyOf(worker, id);
    expect(history.at(-1)).toMatchObject({ from_status: "completed", to_status: "no_show", reason: "Marked by mistake" });
    expect(history).toHaveLength(3);
  });

  it("refuses completed before the consultation starts, and any change after a cancellation", async () => {
    const future = await insertConsultation(worker, { startsAt: Date.now() + 5 * 86_400_000 });
    const early = await admin.post(`/admin/consultations/${future}`, { intent: "status", status: "completed" });
    expect(early.status).toBe(409);
    expect(await text(early)).toContain("hasn't started yet");

    const cancelled = await insertConsultation(worker, { startsAt: Date.now() - 86_400_000, status: "cancelled" });
    const res = await admin.post(`/admin/consultations/${cancelled}`, { intent: "status", status: "scheduled", reason: "Client changed their mind" });
    expect(res.status).toBe(409);
    expect(await text(res)).toContain("A cancelled consultation can&#x27;t be changed");
    expect(await historyOf(worker, cancelled)).toHaveLength(2);
  });

  it("answers a bad status with a field error, never a 500", async () => {
    const id = await insertConsultation(worker, { startsAt: Date.now() - 3_600_000 });
    const res = await admin.post(`/admin/consultations/${id}`, { intent: "status", status: "finished" });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain("Choose the new status");
    const unknown = await admin.post(`/admin/consultations/${id}`, { intent: "delete-everything" });
    expect(unknown.status).toBe(400);
    const missing = await admin.post(`/admin/consultations/${crypto.randomUUID()}`, { intent: "notes", adminNotes: "x" });
    expect(missing.status).toBe(404);
  });
});

describe("cancel", () => {
  it("frees the slot for the next client, records the cancellation and plans the email and calendar removal", async () => {
    const slot = takeSlot();
    const id = await book(slot);
    expect(await isFree(slot)).toBe(false);

    const res = await admin.post(`/admin/consultations/${id}`, { intent: "status", status: "cancelled", reason: "Studio flooded" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/consultations/${id}?saved=cancelled`);
    expect((await row(id))?.status).toBe("cancelled");
    expect((await historyOf(worker, id)).at(-1)).toMatchObject({ from_status: "scheduled", to_status: "cancelled", actor: "studio", reason: "Studio flooded" });
    expect(await jobsOf(id)).toEqual(expect.arrayContaining(["calendar.delete", "email.cancellation"]));

    // Free in D1 and in the SlotLock: another client can book it at once.
    expect(await isFree(slot)).toBe(true);
    const other = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, { customerEmail: "next@example.com" }));
    expect(other.status).toBe(201);
  });
});

describe("reschedule", () => {
  it("moves the consultation: the new slot is taken, the old one free again, the client is told", async () => {
    const from = takeSlot();
    const to = takeSlot();
    const id = await book(from);

    const page = await text(await admin.get(`/admin/consultations/${id}/reschedule`));
    // Its own time is marked as the current one, not offered as a choice.
    expect(page).toContain("current time");
    // A radio's value is the instant without its zero seconds ("…T10:00Z").
    const radioValue = (iso: string) => iso.replace(/:00\.000Z$/, "Z");
    expect(page).not.toContain(`value="${radioValue(from.startsAt)}"`);
    expect(page).toContain(`value="${radioValue(to.startsAt)}"`);

    const res = await admin.post(`/admin/consultations/${id}/reschedule`, { consultationDate: to.startsAt, reason: "Client asked" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/consultations/${id}?saved=rescheduled`);
    expect((await row(id))?.consultation_date).toBe(Date.parse(to.startsAt));
    expect(await jobsOf(id)).toEqual(expect.arrayContaining(["calendar.patch", "email.reschedule"]));
    const change = await worker.db.prepare("SELECT kind, actor, actor_detail, summary, previous_starts_at FROM consultation_changes WHERE consultation_id = ?").bind(id).first();
    expect(change).toMatchObject({ kind: "rescheduled", actor: "studio", actor_detail: ADMIN.email, previous_starts_at: Date.parse(from.startsAt) });
    expect(String(change?.summary)).toMatch(/^Moved from .* to .* \(Europe\/London\): Client asked$/);

    expect(await isFree(to)).toBe(false);
    expect(await isFree(from)).toBe(true);
    // The old time can be booked again (the SlotLock released it), the new one can't.
    expect((await worker.postJson("/api/consultations", bookingBody(from.startsAt, { customerEmail: "b@example.com" }))).status).toBe(201);
    expect((await worker.postJson("/api/consultations", bookingBody(to.startsAt, { customerEmail: "c@example.com" }))).status).toBe(409);
  });

  it("refuses a taken time with alternatives, and a closed one, leaving the consultation where it was", async () => {
    const mine = takeSlot();
    const theirs = takeSlot();
    const id = await book(mine);
    await book(theirs, { customerEmail: "other@example.com" });
    const taken = await admin.post(`/admin/consultations/${id}/reschedule`, { consultationDate: theirs.startsAt });
    expect(taken.status).toBe(409);
    const html = await text(taken);
    expect(html).toContain("That time is taken by another consultation.");
    expect(html).toContain("Nearest free times");

    const sunday = new Date(Date.parse(mine.startsAt));
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7 || 7));
    const weekend = await admin.post(`/admin/consultations/${id}/reschedule`, { consultationDate: sunday.toISOString() });
    expect(weekend.status).toBe(409);
    expect(await text(weekend)).toContain("The studio doesn&#x27;t take consultations on that day.");

    const garbage = await admin.post(`/admin/consultations/${id}/reschedule`, { consultationDate: "next tuesday" });
    expect(garbage.status).toBe(400);
    expect(await text(garbage)).toContain("Choose the new time");

    expect((await row(id))?.consultation_date).toBe(Date.parse(mine.startsAt));
    expect(await isFree(mine)).toBe(false);
  });

  it("racing clients for the new slot: exactly one consultation ends up there", async () => {
    // The clients start a little later each round, so both outcomes happen:
    // the clients get there first, or the studio does.
    const outcomes = new Set<number>();
    for (const delayMs of [0, 10, 25, 50, 100]) {
      const round = delayMs;
      const from = takeSlot();
      const to = takeSlot();
      const id = await book(from, { customerEmail: `mover${round}@example.com` });
      const move = admin.post(`/admin/consultations/${id}/reschedule`, { consultationDate: to.startsAt });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const clients = Array.from({ length: 15 }, (_, i) =>
        worker.postJson("/api/consultations", bookingBody(to.startsAt, { customerEmail: `racer${round}-${i}@example.com` })),
      );
      const [moved, ...answers] = await Promise.all([move, ...clients]);
      outcomes.add(moved.status);
      const booked = answers.filter((r) => r.status === 201).length;
      const at = await countConsultations(worker, `status = 'scheduled' AND consultation_date = ${Date.parse(to.startsAt)}`);
      expect(at).toBe(1);
      if (moved.status === 302) {
        expect(booked).toBe(0);
        expect((await row(id))?.consultation_date).toBe(Date.parse(to.startsAt));
        expect(await isFree(from)).toBe(true);
      } else {
        expect(moved.status).toBe(409);
        expect(booked).toBe(1);
        expect((await row(id))?.consultation_date).toBe(Date.parse(from.startsAt));
        // The consultation still holds its old slot.
        expect((await worker.postJson("/api/consultations", bookingBody(from.startsAt, { customerEmail: `late${round}@example.com` }))).status).toBe(409);
      }
    }
    console.info(`reschedule race outcomes: ${[...outcomes].join(", ")}`);
  });
});

describe("details and notes", () => {
  it("saves edited details, clears optional ones, and logs which fields changed", async () => {
    const id = await book(takeSlot());
    const res = await admin.post(`/admin/consultations/${id}`, {
      intent: "details",
      projectName: "Night Drive (deluxe)",
      projectDescription: "A synthwave EP that needs mixing and mastering.",
      genre: "Electronic",
      bpm: "",
      customerName: "Ada Lovelace",
      customerEmail: "ada.l@example.com",
      customerPhone: "",
      specialRequirements: "",
      timeZone: "Europe/London",
    });
    expect(res.status).toBe(302);
    expect(await row(id)).toMatchObject({ project_name: "Night Drive (deluxe)", customer_email: "ada.l@example.com", customer_phone: null, bpm: null });
    const change = await worker.db.prepare("SELECT summary FROM consultation_changes WHERE consultation_id = ? AND kind = 'details'").bind(id).first<{ summary: string }>();
    expect(change?.summary).toBe("Changed the project name, BPM, email, phone and special requirements");
    // The studio calendar's event shows the new details; the client's invite (same time) is not re-sent.
    const jobs = await jobsOf(id);
    expect(jobs.filter((k) => k === "calendar.patch")).toHaveLength(1);
    expect(jobs).not.toContain("email.reschedule");
  });

  it("shows field errors for bad details and keeps what was typed", async () => {
    const id = await book(takeSlot());
    const res = await admin.post(`/admin/consultations/${id}`, {
      intent: "details",
      projectName: "",
      projectDescription: "x",
      genre: "Polka",
      bpm: "9000",
      customerName: "Ada",
      customerEmail: "not-an-email",
      customerPhone: "12",
      specialRequirements: "",
      timeZone: "Mars/Olympus",
    });
    expect(res.status).toBe(400);
    const html = await text(res);
    for (const message of ["Enter a project name", "Enter a valid email address", "BPM must be between 20 and 300", "Choose a valid time zone", "international format"]) {
      expect(html).toContain(message);
    }
    expect(html).toContain('value="not-an-email"');
    expect((await row(id))?.customer_email).toBe("ada@example.com");
  });

  it("adds, edits and clears notes", async () => {
    const id = await book(takeSlot());
    expect((await admin.post(`/admin/consultations/${id}`, { intent: "notes", adminNotes: "Bring the stems" })).status).toBe(302);
    expect((await row(id))?.admin_notes).toBe("Bring the stems");
    const page = await text(await admin.get(`/admin/consultations/${id}`));
    expect(page).toContain("Bring the stems");
    expect(page).toContain("Added notes");
    expect((await admin.post(`/admin/consultations/${id}`, { intent: "notes", adminNotes: "  " })).status).toBe(302);
    expect((await row(id))?.admin_notes).toBeNull();
    const tooLong = await admin.post(`/admin/consultations/${id}`, { intent: "notes", adminNotes: "x".repeat(5001) });
    expect(tooLong.status).toBe(400);
  });
});
