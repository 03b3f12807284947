import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, bookingForm, freeSlots, type ApiSlot } from "./booking-data";
import { asAdmin, type Admin } from "./admin-support";
import { jobsOf, settled, startFakes, type Fakes } from "./fakes-env";

// Privacy through the real worker with fake Google and SendGrid: "download my
// data" and "delete my data" on the private page, erasure by the studio, the
// retention sweep in the cron, and log lines without personal data.

const ADA = { customerName: "Ada Lovelace", customerEmail: "ada.privacy@example.com", customerPhone: "+44 20 7946 0958" };
let fakes: Fakes;
let worker: TestWorker;
let pool: ApiSlot[];
const logs: string[] = [];

beforeAll(async () => {
  fakes = await startFakes({ impersonate: "studio@studio.example" });
  worker = await startWorker({ vars: fakes.vars, onLog: (line) => logs.push(line) });
  // More than a day ahead: the booking gets a reminder to stop.
  pool = (await freeSlots(worker)).filter((s) => Date.parse(s.startsAt) > Date.now() + 49 * 3600_000);
});
afterAll(async () => {
  await worker?.dispose();
  await fakes?.close();
});

async function bookWithLink(overrides: Record<string, string> = {}) {
  const res = await worker.postForm("/book", bookingForm(pool.shift()!.startsAt, { ...ADA, specialRequirements: "Wheelchair access", ...overrides }));
  expect(res.status, await res.clone().text()).toBe(302);
  const location = res.headers.get("location")!;
  const id = /([0-9a-f-]{36})$/.exec(location)![1];
  const link = /href="(\/manage\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(await (await worker.fetch(location)).text())![1];
  await settled(worker, id);
  return { id, link };
}

let admin: Promise<Admin> | undefined;
/** The studio's admin, created once for the file. */
const studio = () => (admin ??= asAdmin(worker));

const row = (id: string) => worker.db.prepare("SELECT * FROM consultations WHERE id = ?").bind(id).first<Record<string, unknown>>();
const eventOf = (id: string) => {
  const calendar = fakes.google.state.calendars.get(fakes.google.calendarId)!;
  return [...calendar.events.values()].find((e) => e.extendedProperties?.private?.consultationId === id);
};

describe("download my data", () => {
  it("is a JSON file of the client's bookings, history and emails, from the private page", async () => {
    const first = await bookWithLink();
    const second = await bookWithLink({ customerEmail: "ADA.privacy@example.com" });
    const manage = await (await worker.fetch(first.link)).text();
    expect(manage).toContain(`href="${first.link}/data.json"`);
    expect(manage).toContain(`href="${first.link}/delete"`);

    const res = await worker.fetch(`${first.link}/data.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="my-data-SC-[0-9A-F]{8}\.json"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const data = (await res.json()) as Record<string, { id?: string; consultationId?: string; name?: string; kind?: string }[]>;
    expect(data.consultations.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(data.consultations[0].name).toBe("Ada Lovelace");
    expect(data.statusHistory.length).toBeGreaterThanOrEqual(2);
    expect(data.emails.some((e) => e.kind === "confirmation")).toBe(true);
    expect(data.outbox.length).toBeGreaterThan(0);

    expect((await worker.fetch("/manage/not-a-token/data.json")).status).toBe(404);
  });
});

describe("delete my data", () => {
  it("erases the personal fields, keeps times and statuses, stops mail, updates the calendar event and records who and when", async () => {
    const { id, link } = await bookWithLink({ customerEmail: "erase.me@example.com" });
    const before = await row(id);
    expect(eventOf(id)?.attendees?.[0]?.email).toBe("erase.me@example.com");
    expect((await jobsOf(worker, id)).some((j) => j.kind === "email.reminder" && j.status === "pending")).toBe(true);

    const confirm = await worker.fetch(`${link}/delete`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Your upcoming consultation stays booked");

    const res = await worker.postForm(`${link}/delete`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/\?done=erased$/);
    const page = await (await worker.fetch(res.headers.get("location")!)).text();
    expect(page).toContain("your personal data has been erased");

    const after = (await row(id))!;
    expect(after).toMatchObject({
      customer_name: "(erased)",
      customer_email: "(erased)",
      customer_phone: null,
      project_name: "(erased)",
      project_description: "(erased)",
      special_requirements: null,
      admin_notes: null,
      status: before!.status,
      consultation_date: before!.consultation_date,
      genre: before!.genre,
    });
    expect(after.erased_at).toEqual(expect.any(Number));

    const jobs = await settled(worker, id);
    expect(jobs.filter((j) => j.kind.startsWith("email.") && j.status === "pending")).toEqual([]);
    expect(jobs.find((j) => j.kind === "email.reminder")?.status).toBe("cancelled");
    const patch = jobs.find((j) => j.kind === "calendar.patch");
    expect(patch?.status).toBe("done");
    const event = eventOf(id)!;
    expect(event.attendees ?? []).toEqual([]);
    expect(JSON.stringify(event)).not.toMatch(/erase\.me|Lovelace|Wheelchair|7946/);
    expect(event.start?.dateTime).toBe(new Date(before!.consultation_date as number).toISOString());

    const emails = await worker.db.prepare("SELECT recipient, subject, html FROM email_messages WHERE consultation_id = ?").bind(id).all();
    for (const e of emails.results) expect(e).toMatchObject({ recipient: "(erased)", subject: null, html: null });
    const record = await worker.db.prepare("SELECT actor, reason FROM data_erasures WHERE consultation_id = ?").bind(id).all();
    expect(record.results).toEqual([{ actor: "client", reason: expect.stringContaining("client") }]);
    const keys = await worker.db.prepare("SELECT COUNT(*) AS n FROM idempotency_keys WHERE response_body LIKE ?").bind(`%${id}%`).first<{ n: number }>();
    expect(keys!.n).toBe(0);

    // Again: nothing more happens, and the page says it is done.
    expect((await worker.postForm(`${link}/delete`, {})).status).toBe(302);
    expect((await worker.db.prepare("SELECT COUNT(*) AS n FROM data_erasures WHERE consultation_id = ?").bind(id).first<{ n: number }>())!.n).toBe(1);
    expect((await worker.fetch(`${link}/delete`)).status).toBe(302);
  });

  it("by the studio, from the admin, recorded with the admin", async () => {
    const admin = await studio();
    const { id } = await bookWithLink({ customerEmail: "studio.erases@example.com" });
    const confirm = await admin.get(`/admin/consultations/${id}/erase`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toMatch(/Erase (<!-- -->)?Ada Lovelace/);
    const res = await admin.post(`/admin/consultations/${id}/erase`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/consultations/${id}?saved=erased`);
    expect((await row(id))!.customer_email).toBe("(erased)");
    const record = await worker.db.prepare("SELECT actor, actor_detail FROM data_erasures WHERE consultation_id = ?").bind(id).first<{ actor: string; actor_detail: string }>();
    expect(record?.actor).toBe("studio");
    expect(record?.actor_detail).toMatch(/^[0-9a-f-]{36}$/);
    const page = await admin.get(`/admin/consultations/${id}?saved=erased`);
    expect(await page.text()).toContain("personal data was erased");
  });
});

// What the admin list's search finds (docs/decisions/0043): through the API
// as the studio would, and straight from the trigram index.
async function searchIds(term: string): Promise<string[]> {
  const admin = await studio();
  const res = await admin.get(`/api/consultations?q=${encodeURIComponent(term)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { consultations: { id: string }[] }).consultations.map((c) => c.id);
}
async function indexIds(term: string): Promise<string[]> {
  const rows = await worker.db
    .prepare("SELECT c.id FROM consultations_search s JOIN consultations c ON c.rowid = s.rowid WHERE consultations_search MATCH ?")
    .bind(`"${term}"`)
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

describe("search after erasure", () => {
  it("the erased name, email and project are gone from the admin search and from its index", async () => {
    const { id, link } = await bookWithLink({ customerName: "Quirina Zabrowski", customerEmail: "quirina.z@example.com", projectName: "Velvet Thunderclap" });
    for (const term of ["Zabrowski", "quirina.z@", "Thunderclap"]) {
      expect(await searchIds(term)).toEqual([id]);
      expect(await indexIds(term)).toEqual([id]);
    }
    expect((await worker.postForm(`${link}/delete`, {})).status).toBe(302);
    for (const term of ["Zabrowski", "quirina", "Thunderclap", "Velvet"]) {
      expect(await searchIds(term)).toEqual([]);
      expect(await indexIds(term)).toEqual([]);
    }
    // The placeholder is what the index holds now, as the list shows it.
    expect(await indexIds("(erased)")).toContain(id);
    // Deleted entries are removed from the index's pages, not masked by a
    // delete marker that keeps the old text on disk until a merge.
    const secure = await worker.db.prepare("SELECT v FROM consultations_search_config WHERE k = 'secure-delete'").first<{ v: number }>();
    expect(secure?.v).toBe(1);
    await worker.db.prepare("INSERT INTO consultations_search (consultations_search, rank) VALUES ('integrity-check', 1)").run();
  });

  it("an edited name is found by its new text only, and a deleted row leaves the index", async () => {
    const id = crypto.randomUUID();
    await worker.db
      .prepare(
        `INSERT INTO consultations (id, project_name, project_description, genre, consultation_date, time_zone, status, customer_name, customer_email, created_at, updated_at)
         VALUES (?, 'Glass Harmonica', 'x', 'Pop', 1, 'Europe/London', 'completed', 'Ottoline Vexworth', 'ottoline@example.com', 1, 1)`,
      )
      .bind(id)
      .run();
    expect(await indexIds("Vexworth")).toEqual([id]);
    await worker.db.prepare("UPDATE consultations SET customer_name = 'Ottoline Brandt' WHERE id = ?").bind(id).run();
    expect(await indexIds("Vexworth")).toEqual([]);
    expect(await indexIds("Brandt")).toEqual([id]);
    await worker.db.prepare("DELETE FROM consultations WHERE id = ?").bind(id).run();
    expect(await indexIds("Brandt")).toEqual([]);
    expect(await indexIds("Glass Harmonica")).toEqual([]);
    await worker.db.prepare("INSERT INTO consultations_search (consultations_search, rank) VALUES ('integrity-check', 1)").run();
  });
});

describe("retention", () => {
  it("the cron erases consultations that ended more than RETENTION_MONTHS ago, and only those", async () => {
    const now = Date.now();
    const insert = (id: string, startsAt: number) =>
      worker.db
        .prepare(
          `INSERT INTO consultations (id, project_name, project_description, genre, consultation_date, time_zone, status, customer_name, customer_email, customer_phone, created_at, updated_at)
           VALUES (?, 'Old Song', 'An old description', 'Pop', ?, 'Europe/London', 'completed', 'Old Client', 'old@example.com', '+441234567890', ?, ?)`,
        )
        .bind(id, startsAt, startsAt - 86_400_000, startsAt)
        .run();
    const oldId = crypto.randomUUID();
    const recentId = crypto.randomUUID();
    await insert(oldId, now - 25 * 31 * 86_400_000);
    await insert(recentId, now - 23 * 30 * 86_400_000);
    await worker.scheduled();
    expect((await row(oldId))).toMatchObject({ customer_name: "(erased)", customer_email: "(erased)", customer_phone: null, status: "completed" });
    expect((await row(recentId))).toMatchObject({ customer_name: "Old Client", erased_at: null });
    const matches = await indexIds("Old Client");
    expect(matches).toContain(recentId);
    expect(matches).not.toContain(oldId);
    const record = await worker.db.prepare("SELECT actor, actor_detail FROM data_erasures WHERE consultation_id = ?").bind(oldId).first();
    expect(record).toEqual({ actor: "system", actor_detail: "retention" });
  });
});

describe("logs", () => {
  it("a booking's log lines carry ids, never the client's name, email or phone", async () => {
    logs.length = 0;
    const res = await worker.postJson("/api/consultations", bookingBody(pool.shift()!.startsAt, { customerName: "Zelda Quixote", customerEmail: "zelda.logs@example.com", customerPhone: "+44 20 7946 0123" }));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await settled(worker, id);
    const text = logs.join("\n");
    expect(text).toContain(id);
    expect(text).toContain("booking.created");
    expect(text).not.toMatch(/Zelda|Quixote|zelda\.logs|7946 ?0123|\+442079460123/i);
  });
});
