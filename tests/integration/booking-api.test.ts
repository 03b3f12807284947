import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, countConsultations, freeSlots, type ApiDay } from "./booking-data";

let worker: TestWorker;
beforeAll(async () => {
  worker = await startWorker();
});
afterAll(() => worker?.dispose());

describe("GET /api/slots", () => {
  it("offers 15-minute slots as UTC instants with labels in the asked zone", async () => {
    const res = await worker.fetch("/api/slots?days=14&tz=Asia/Kathmandu");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { timeZone: string; days: ApiDay[] };
    expect(body.timeZone).toBe("Asia/Kathmandu");
    const slots = body.days.flatMap((d) => d.slots);
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)).toBe(15 * 60_000);
      expect(slot.startsAt).toMatch(/Z$/);
      // Kathmandu is UTC+05:45: London's quarter hours land on :00/:15/:30/:45 there too, shifted.
      const utc = new Date(slot.startsAt);
      const kathmandu = new Date(utc.getTime() + (5 * 60 + 45) * 60_000);
      expect(slot.label).toBe(kathmandu.toISOString().slice(11, 16));
    }
  });

  it("says why a day has no slots", async () => {
    const body = (await (await worker.fetch("/api/slots?days=14")).json()) as { days: ApiDay[] };
    const weekend = body.days.find((d) => d.weekday === "Sat");
    expect(weekend?.slots).toEqual([]);
    expect(weekend?.reason).toBe("weekend");
    const res = await worker.fetch("/api/slots?days=7&from=2099-01-05");
    const far = (await res.json()) as { days: ApiDay[]; nextAvailable: unknown };
    expect(far.days.every((d) => d.slots.length === 0)).toBe(true);
    expect(far.days.filter((d) => d.weekday !== "Sat" && d.weekday !== "Sun").every((d) => d.reason === "beyond_horizon")).toBe(true);
  });

  it("rejects a bad query with a 422 that names the parameter", async () => {
    const res = await worker.fetch("/api/slots?tz=Mars/Olympus&days=500&from=2026-02-30");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(body.errors).sort()).toEqual(["days", "from", "tz"]);
  });
});

describe("POST /api/consultations", () => {
  it("books a free slot: 201 with the consultation, and the slot is no longer offered", async () => {
    const [slot] = await freeSlots(worker);
    const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      consultationDate: slot.startsAt,
      status: "scheduled",
      projectName: "Night Drive",
      customerPhone: "+442079460958",
      timeZone: "Europe/London",
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("location")).toBe(`/api/consultations/${body.id}`);
    const after = await freeSlots(worker);
    expect(after.map((s) => s.startsAt)).not.toContain(slot.startsAt);
  });

  it("answers 409 with alternatives when the slot is taken", async () => {
    const [slot] = await freeSlots(worker);
    expect((await worker.postJson("/api/consultations", bookingBody(slot.startsAt))).status).toBe(201);
    const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, { customerEmail: "other@example.com" }));
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: string; reason: string; alternatives: { startsAt: string }[] };
    expect(body.reason).toBe("taken");
    expect(body.error).toMatch(/just taken/);
    expect(body.alternatives.length).toBeGreaterThan(0);
    expect(body.alternatives.map((a) => a.startsAt)).not.toContain(slot.startsAt);
  });

  it("answers 409 for a time that is not offered (off the grid, weekend, too soon, too far)", async () => {
    const [slot] = await freeSlots(worker);
    const offGrid = new Date(Date.parse(slot.startsAt) + 7 * 60_000).toISOString();
    const tooFar = "2099-01-05T10:00:00.000Z";
    const past = "2020-01-06T10:00:00.000Z";
    for (const [date, reason] of [
      [offGrid, "not_offered"],
      [tooFar, "beyond_horizon"],
      [past, "past"],
    ]) {
      const res = await worker.postJson("/api/consultations", bookingBody(date));
      expect(res.status, date).toBe(409);
      expect(((await res.json()) as { reason: string }).reason).toBe(reason);
    }
  });

  it("answers 422 with field errors for bad input, and books nothing", async () => {
    const before = await countConsultations(worker, "1=1");
    const res = await worker.postJson("/api/consultations", {
      projectName: "x".repeat(101),
      projectDescription: "",
      genre: "Polka-step",
      bpm: 301,
      customerName: "A",
      customerEmail: "not-an-email",
      customerPhone: "12ab",
      consultationDate: "tomorrow",
      timeZone: "Mars/Olympus",
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(body.errors).sort()).toEqual(
      ["bpm", "consultationDate", "customerEmail", "customerPhone", "genre", "projectDescription", "projectName", "timeZone"].sort(),
    );
    expect(body.errors.bpm[0]).toMatch(/between 20 and 300/);
    expect(await countConsultations(worker, "1=1")).toBe(before);
  });

  it("never answers 500 to malformed requests", async () => {
    const notJson = await worker.fetch("/api/consultations", { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect(notJson.status).toBe(400);
    const array = await worker.postJson("/api/consultations", [1, 2]);
    expect(array.status).toBe(422);
    const form = await worker.fetch("/api/consultations", { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
    expect(form.status).toBe(415);
    const huge = await worker.postJson("/api/consultations", { projectName: "x".repeat(20_000) });
    expect(huge.status).toBe(413);
  });

  it("treats null and empty optional fields as absent", async () => {
    const [, slot] = await freeSlots(worker);
    const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, { bpm: null, customerPhone: "", specialRequirements: null }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ bpm: null, customerPhone: null, specialRequirements: null });
  });
});

describe("Idempotency-Key", () => {
  it("replays the original answer for the same key and body, and books once", async () => {
    const [slot] = await freeSlots(worker);
    const key = crypto.randomUUID();
    const first = await worker.postJson("/api/consultations", bookingBody(slot.startsAt), { "Idempotency-Key": key });
    const second = await worker.postJson("/api/consultations", bookingBody(slot.startsAt), { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    expect(await countConsultations(worker, `consultation_date = ${Date.parse(slot.startsAt)}`)).toBe(1);
  });

  it("refuses the same key with a different body (422)", async () => {
    const [slot] = await freeSlots(worker);
    const key = crypto.randomUUID();
    expect((await worker.postJson("/api/consultations", bookingBody(slot.startsAt), { "Idempotency-Key": key })).status).toBe(201);
    const res = await worker.postJson("/api/consultations", bookingBody(slot.startsAt, { projectName: "Other" }), { "Idempotency-Key": key });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/Idempotency-Key/);
  });

  it("books over a key left pending by a request that died before decision 0047, and replays that booking after", async () => {
    const [slot] = await freeSlots(worker);
    const key = crypto.randomUUID();
    await worker.db
      .prepare("INSERT INTO idempotency_keys (key, request_hash, state, created_at) VALUES (?, 'old', 'pending', ?)")
      .bind(key, Date.now() - 60_000)
      .run();
    const first = await worker.postJson("/api/consultations", bookingBody(slot.startsAt), { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    const row = await worker.db.prepare("SELECT state FROM idempotency_keys WHERE key = ?").bind(key).first<{ state: string }>();
    expect(row?.state).toBe("done");
    const again = await worker.postJson("/api/consultations", bookingBody(slot.startsAt), { "Idempotency-Key": key });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
  });

  it("gives one booking when the same key races with itself", async () => {
    const [slot] = await freeSlots(worker);
    const key = crypto.randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => worker.postJson("/api/consultations", bookingBody(slot.startsAt), { "Idempotency-Key": key })),
    );
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ id?: string }>));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(await countConsultations(worker, `consultation_date = ${Date.parse(slot.startsAt)}`)).toBe(1);
  });
});
