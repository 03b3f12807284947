import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, insertConsultation, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// /admin/reports and the dashboard: server-rendered SVG charts with the
// numbers in tables, computed from D1.

let worker: TestWorker;
let admin: Admin;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  const now = Date.now();
  // Last fortnight: 4 completed, 1 no-show, 2 cancelled (1 by the client, 1 by the studio).
  for (let i = 1; i <= 4; i++) await insertConsultation(worker, { startsAt: now - i * DAY, status: "completed" });
  await insertConsultation(worker, { startsAt: now - 5 * DAY, status: "no_show" });
  await insertConsultation(worker, { startsAt: now - 6 * DAY, status: "cancelled" });
  const byStudio = await insertConsultation(worker, { startsAt: now - 7 * DAY, status: "scheduled" });
  await worker.db.batch([
    worker.db.prepare("UPDATE consultations SET status = 'cancelled' WHERE id = ?").bind(byStudio),
    worker.db
      .prepare("INSERT INTO consultation_status_history (id, consultation_id, from_status, to_status, actor, created_at) VALUES (?, ?, 'scheduled', 'cancelled', 'studio', ?)")
      .bind(crypto.randomUUID(), byStudio, now),
  ]);
  // One past consultation nobody recorded an outcome for, and two upcoming.
  await insertConsultation(worker, { startsAt: now - 2 * HOUR });
  await insertConsultation(worker, { startsAt: now + 3 * DAY });
  await insertConsultation(worker, { startsAt: now + 4 * DAY });
});
afterAll(() => worker?.dispose());

const page = async (path: string) => (await (await admin.get(path)).text()).replaceAll("<!-- -->", "");

describe("reports", () => {
  it("shows the figures: status breakdown, no-show rate, who cancelled, conversion", async () => {
    const html = await page("/admin/reports");
    expect(html).toContain("Status, last 3 months");
    // no-shows / (completed + no-shows) = 1 / 5
    expect(html).toMatch(/No-show rate<\/div><div class="tile__value">20%/);
    expect(html).toContain("1 of 5 with an outcome");
    expect(html).toContain("1 by clients, 1 by the studio");
    expect(html).toMatch(/Awaiting an outcome<\/div><div class="tile__value"><a[^>]*>1</);
    // The funnel: 8 consultations in the past (incl. cancelled), 4 completed, nothing further yet.
    expect(html).toMatch(/<th scope="row">Consultations booked<\/th><td class="num">8<\/td>/);
    expect(html).toMatch(/<th scope="row">Consultations completed<\/th><td class="num">4<\/td><td class="num">50%<\/td><td class="num">50%<\/td>/);
    expect(html).toMatch(/<th scope="row">Quotes accepted<\/th><td class="num">0<\/td><td class="num">–<\/td><td class="num">0%<\/td>/);
  });

  it("renders accessible, script-free SVG charts with tables beside them", async () => {
    const html = await page("/admin/reports?period=12m");
    const figures = html.match(/<figure class="chart"/g) ?? [];
    expect(figures.length).toBeGreaterThanOrEqual(5);
    expect(html).toMatch(/<figcaption id="weekly-caption"><strong>Consultations per week<\/strong>/);
    expect(html).toMatch(/<svg viewBox="[^"]+" role="img" aria-label="Stacked bar chart of consultations per week by status, 16 weeks, 10 consultations in all/);
    expect(html).toMatch(/aria-label="Heatmap of bookings by weekday and hour/);
    // The weekly table's totals add up to what was booked in the window.
    const weekly = html.slice(html.indexOf('id="weekly-caption"'), html.indexOf('id="monthly-caption"'));
    const totals = [...weekly.matchAll(/<td class="num">(\d+)<\/td><\/tr>/g)].map((m) => Number(m[1]));
    expect(totals.reduce((a, b) => a + b, 0)).toBe(10);
    expect(html).toContain("Last 12 months");
    expect(html).toMatch(/aria-current="page"[^>]*>Last 12 months/);
  });

  it("falls back to the default period for a bad one", async () => {
    const res = await admin.get("/admin/reports?period=forever");
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/aria-current="page"[^>]*>Last 3 months/);
  });
});

describe("dashboard", () => {
  it("shows the tiles, the calendar's health and the outbox", async () => {
    const html = await page("/admin");
    expect(html).toMatch(/Next 7 days<\/div><div class="tile__value"><a[^>]*>2</);
    expect(html).toContain("Calendar sync");
    expect(html).toContain("Last successful call");
    expect(html).toContain("Emails and calendar updates");
  });
});
