import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, insertConsultation, londonTime, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// The studio's side of client feedback: the consultation page, the list's
// rating filter (page, CSV, API) and the admin JSON.

let worker: TestWorker;
let admin: Admin;
const ids: Record<string, string> = {};

async function giveFeedback(id: string, rating: number, comment: string | null, createdAt = Date.now(), updatedAt = createdAt) {
  await worker.db
    .prepare("INSERT INTO consultation_feedback (consultation_id, rating, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
    .bind(id, rating, comment, createdAt, updatedAt)
    .run();
}

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  ids.loved = await insertConsultation(worker, { startsAt: londonTime("2026-03-02", "10:00"), status: "completed", customerName: "Loved It", projectName: "Five Stars" });
  ids.meh = await insertConsultation(worker, { startsAt: londonTime("2026-03-03", "10:00"), status: "completed", customerName: "Not Sure", projectName: "Two Stars" });
  ids.silent = await insertConsultation(worker, { startsAt: londonTime("2026-03-04", "10:00"), status: "completed", customerName: "Said Nothing", projectName: "No Stars" });
  ids.alsoLoved = await insertConsultation(worker, { startsAt: londonTime("2026-03-05", "10:00"), status: "scheduled", customerName: "Also Loved", projectName: "More Stars" });
  await giveFeedback(ids.loved, 5, "Brilliant <b>advice</b>\non the mix.", Date.UTC(2026, 2, 2, 12), Date.UTC(2026, 2, 3, 9));
  await giveFeedback(ids.meh, 2, null);
  await giveFeedback(ids.alsoLoved, 5, "Great");
});
afterAll(() => worker?.dispose());

describe("the consultation page", () => {
  it("shows the rating, the comment as text, when it was given and that it was edited", async () => {
    const html = await (await admin.get(`/admin/consultations/${ids.loved}`)).text();
    expect(html).toContain("Client feedback");
    expect(html).toContain("5 of 5");
    expect(html).toContain("(Excellent)");
    expect(html).toContain("Brilliant &lt;b&gt;advice&lt;/b&gt;\non the mix.");
    expect(html).toContain("Given <!-- -->Mon 2 Mar 2026, 12:00");
    expect(html).toContain("last changed Tue 3 Mar 2026, 09:00");
  });

  it("says when there is none yet", async () => {
    const html = await (await admin.get(`/admin/consultations/${ids.silent}`)).text();
    expect(html).toContain("No feedback yet.");
    const noComment = await (await admin.get(`/admin/consultations/${ids.meh}`)).text();
    expect(noComment).toContain("2 of 5");
    expect(noComment).toContain("No comment.");
  });
});

describe("the list's rating filter", () => {
  const names = (html: string) => ["Loved It", "Not Sure", "Said Nothing", "Also Loved"].filter((n) => html.includes(n));

  it("filters by one rating, any feedback or none, keeps the filter in the form and shows each row's rating", async () => {
    const five = await (await admin.get("/admin/consultations?rating=5")).text();
    expect(names(five)).toEqual(["Loved It", "Also Loved"]);
    expect(five).toMatch(/<option value="5" selected="">5 – Excellent<\/option>/);
    expect(five).toContain("Rated <!-- -->5<!-- --> of 5");
    expect(names(await (await admin.get("/admin/consultations?rating=2")).text())).toEqual(["Not Sure"]);
    expect(names(await (await admin.get("/admin/consultations?rating=any")).text())).toEqual(["Loved It", "Not Sure", "Also Loved"]);
    expect(names(await (await admin.get("/admin/consultations?rating=none")).text())).toEqual(["Said Nothing"]);
    expect(await (await admin.get("/admin/consultations?rating=1")).text()).toContain("No consultations match these filters.");
  });

  it("combines with the status tabs, whose counts follow the rating", async () => {
    const html = await (await admin.get("/admin/consultations?rating=5&status=completed")).text();
    expect(names(html)).toEqual(["Loved It"]);
    const api = (await (await admin.get("/api/consultations?rating=5")).json()) as { total: number; counts: Record<string, number> };
    expect(api.total).toBe(2);
    expect(api.counts).toMatchObject({ all: 2, completed: 1, scheduled: 1, cancelled: 0 });
  });

  it("a bad rating in a bookmark is dropped and explained; the API answers 422", async () => {
    const html = await (await admin.get("/admin/consultations?rating=7")).text();
    expect(html).toContain("The rating must be 1 to 5, any or none");
    expect(names(html)).toHaveLength(4);
    const res = await admin.get("/api/consultations?rating=7");
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: { rating: ["The rating must be 1 to 5, any or none"] } });
  });

  it("the API lists each consultation's rating, and the CSV has a Rating column for the same filter", async () => {
    const body = (await (await admin.get(`/api/consultations?rating=any&sort=name&dir=asc`)).json()) as { consultations: { customerName: string; rating: number | null }[] };
    expect(body.consultations.map((c) => [c.customerName, c.rating])).toEqual([
      ["Also Loved", 5],
      ["Loved It", 5],
      ["Not Sure", 2],
    ]);
    const csv = await (await admin.get("/admin/consultations.csv?rating=2")).text();
    const [header, row, ...rest] = csv.trim().split("\r\n");
    expect(header.split(",")).toContain("Rating");
    expect(row).toContain("Not Sure");
    expect(row.split(",")[header.split(",").indexOf("Rating")]).toBe("2");
    expect(rest).toEqual([]);
  });

  it("refuses an anonymous caller", async () => {
    expect((await worker.fetch("/api/consultations?rating=5")).status).toBe(401);
    expect((await worker.fetch(`/api/consultations/${ids.loved}`)).status).toBe(401);
    const page = await worker.fetch("/admin/consultations?rating=5");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/admin\/login/);
  });
});

describe("the admin JSON", () => {
  it("GET /api/consultations/:id carries the feedback, or null", async () => {
    const auth = { authorization: `Bearer ${admin.token}` };
    const loved = (await (await worker.fetch(`/api/consultations/${ids.loved}`, { headers: auth })).json()) as { feedback: unknown };
    expect(loved.feedback).toEqual({
      rating: 5,
      comment: "Brilliant <b>advice</b>\non the mix.",
      createdAt: "2026-03-02T12:00:00.000Z",
      updatedAt: "2026-03-03T09:00:00.000Z",
    });
    const silent = (await (await worker.fetch(`/api/consultations/${ids.silent}`, { headers: auth })).json()) as { feedback: unknown };
    expect(silent.feedback).toBeNull();
  });
});
