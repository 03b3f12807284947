import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, asAdmin, insertConsultation, type Admin } from "./admin-support";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { startWorker, type TestWorker } from "./harness";

// The admin JSON API: GET /api/consultations/:id and PUT /api/consultations/:id
// (the list, GET /api/consultations, is covered by admin-list.test.ts).

let worker: TestWorker;
let admin: Admin;
let slots: ApiSlot[];
let next = 0;
const takeSlot = () => slots[(next += 2)];

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  slots = await freeSlots(worker);
});
afterAll(() => worker?.dispose());

async function book(overrides: Record<string, unknown> = {}) {
  const slot = takeSlot();
  const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, overrides));
  expect(res.status).toBe(201);
  return { id: ((await res.json()) as { id: string }).id, slot };
}

type Detail = {
  id: string;
  status: string;
  consultationDate: string;
  customerPhone: string | null;
  bpm: number | null;
  adminNotes: string | null;
  projectName: string;
  statusHistory: { from: string | null; to: string; actor: string; actorDetail: string | null; reason: string | null }[];
  changes: { kind: string; summary: string }[];
  emails: unknown[];
  calendar: { sequence: number };
};

describe("GET /api/consultations/:id", () => {
  it("returns the consultation with its history, changes and emails", async () => {
    const { id, slot } = await book();
    const res = await worker.fetch(`/api/consultations/${id}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = (await res.json()) as Detail;
    expect(body).toMatchObject({ id, status: "scheduled", consultationDate: slot.startsAt, projectName: "Night Drive" });
    expect(body.statusHistory).toEqual([{ from: null, to: "scheduled", actor: "client", actorDetail: null, reason: "Booked online", at: expect.any(String) }]);
    expect(Array.isArray(body.emails)).toBe(true);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await admin.get(`/api/consultations/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await admin.get("/api/consultations/not-an-id")).status).toBe(404);
  });
});

describe("PUT /api/consultations/:id", () => {
  it("edits details and notes; null clears an optional field", async () => {
    const { id } = await book();
    const res = await admin.put(`/api/consultations/${id}`, { projectName: "Night Drive II", customerPhone: null, bpm: null, adminNotes: "VIP" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Detail;
    expect(body).toMatchObject({ projectName: "Night Drive II", customerPhone: null, bpm: null, adminNotes: "VIP" });
    expect(body.changes.map((c) => c.kind)).toEqual(["details", "notes"]);
  });

  it("changes the status with a reason, recording the admin", async () => {
    const id = await insertConsultation(worker, { startsAt: Date.now() - 3_600_000 });
    const res = await admin.put(`/api/consultations/${id}`, { status: "no_show", reason: "Didn't join the call" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Detail;
    expect(body.status).toBe("no_show");
    expect(body.statusHistory.at(-1)).toMatchObject({ from: "scheduled", to: "no_show", actor: "studio", actorDetail: ADMIN.email, reason: "Didn't join the call" });
  });

  it("answers 409 for a disallowed transition and writes nothing (not even the other fields)", async () => {
    const { id } = await book();
    const early = await admin.put(`/api/consultations/${id}`, { status: "completed", projectName: "Should not be saved" });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ problem: "not_started" });

    const done = await insertConsultation(worker, { startsAt: Date.now() - 3_600_000, status: "completed" });
    const noReason = await admin.put(`/api/consultations/${done}`, { status: "no_show" });
    expect(noReason.status).toBe(409);
    expect(await noReason.json()).toMatchObject({ problem: "reason_required" });

    const cancelled = await insertConsultation(worker, { startsAt: Date.now() + 86_400_000, status: "cancelled" });
    const reopen = await admin.put(`/api/consultations/${cancelled}`, { status: "scheduled", reason: "please" });
    expect(reopen.status).toBe(409);
    expect(await reopen.json()).toMatchObject({ problem: "final" });

    const detail = (await (await admin.get(`/api/consultations/${id}`)).json()) as Detail;
    expect(detail.projectName).toBe("Night Drive");
    expect(detail.statusHistory).toHaveLength(1);
  });

  it("cancels (freeing the slot) and reschedules", async () => {
    const { id, slot } = await book();
    const res = await admin.put(`/api/consultations/${id}`, { status: "cancelled", reason: "Client emailed" });
    expect(res.status).toBe(200);
    expect((await worker.postJson("/api/consultations", bookingBody(slot.startsAt, { customerEmail: "x@example.com" }))).status).toBe(201);

    const moved = await book();
    const target = takeSlot();
    const put = await admin.put(`/api/consultations/${moved.id}`, { consultationDate: target.startsAt, reason: "Studio clash" });
    expect(put.status).toBe(200);
    const body = (await put.json()) as Detail;
    expect(body.consultationDate).toBe(target.startsAt);
    expect(body.calendar.sequence).toBe(1); // the outbox raised the invite's SEQUENCE in the same batch
    expect(body.changes.at(-1)?.summary).toMatch(/^Moved from .*: Studio clash$/);

    const clash = await book();
    const taken = await admin.put(`/api/consultations/${clash.id}`, { consultationDate: target.startsAt });
    expect(taken.status).toBe(409);
    const problem = (await taken.json()) as { reason: string; alternatives: unknown[] };
    expect(problem.reason).toBe("taken");
    expect(problem.alternatives.length).toBeGreaterThan(0);
  });

  it("answers 422 with field errors for bad values and unknown fields", async () => {
    const { id } = await book();
    const res = await admin.put(`/api/consultations/${id}`, { customerEmail: "nope", bpm: 5, genre: "Polka", colour: "red" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: Record<string, string[]> };
    expect(body.errors.customerEmail).toEqual(["Enter a valid email address, like name@example.com"]);
    expect(body.errors.bpm).toBeDefined();
    expect(body.errors.genre).toBeDefined();
    expect(body.errors._ ?? body.errors.colour).toBeDefined();
    expect((await admin.put(`/api/consultations/${id}`, {})).status).toBe(422);
    expect((await admin.put(`/api/consultations/${id}`, { status: "done" })).status).toBe(422);
    expect((await admin.put(`/api/consultations/${id}`, { status: "cancelled", consultationDate: takeSlot().startsAt })).status).toBe(422);
    expect((await admin.put(`/api/consultations/${id}`, [1, 2])).status).toBe(422);
  });

  it("answers 404, 400, 415 and 405 where they apply", async () => {
    const { id } = await book();
    expect((await admin.put(`/api/consultations/${crypto.randomUUID()}`, { adminNotes: "x" })).status).toBe(404);
    const auth = { authorization: `Bearer ${admin.token}` };
    expect((await worker.fetch(`/api/consultations/${id}`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: "{" })).status).toBe(400);
    expect((await worker.fetch(`/api/consultations/${id}`, { method: "PUT", headers: { ...auth, "content-type": "text/plain" }, body: "{}" })).status).toBe(415);
    const del = await worker.fetch(`/api/consultations/${id}`, { method: "DELETE", headers: auth });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, PUT");
  });
});
