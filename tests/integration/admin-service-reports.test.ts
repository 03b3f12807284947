import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, insertConsultation, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// /admin/reports' sections after the consultation: client feedback (average,
// its change from the period before, the trend per month, the spread) and the
// funnel consultations -> completed -> feedback -> requests -> quotes sent ->
// accepted, with the accepted value in the configured currency.

let worker: TestWorker;
let admin: Admin;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PACKAGE = crypto.randomUUID();

async function feedback(id: string, rating: number) {
  await worker.db.prepare("INSERT INTO consultation_feedback VALUES (?, ?, NULL, ?, ?)").bind(id, rating, Date.now(), Date.now()).run();
}

async function request(consultationId: string): Promise<string> {
  const id = crypto.randomUUID();
  await worker.db
    .prepare(
      `INSERT INTO service_requests (id, consultation_id, package_id, track_count, estimate_total_minor, estimate_json, currency, created_at, updated_at)
       VALUES (?, ?, ?, 4, 100000, '{}', 'EUR', ?, ?)`,
    )
    .bind(id, consultationId, PACKAGE, Date.now(), Date.now())
    .run();
  return id;
}

async function quote(consultationId: string, requestId: string, status: "draft" | "sent" | "accepted", acceptedTotal: number | null = null) {
  await worker.db
    .prepare(
      `INSERT INTO quotes (id, service_request_id, consultation_id, status, currency, tax_rate_bp, turnaround_days, sent_at, accepted_total_minor, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'EUR', 2000, 10, ?, ?, ?, ?)`,
    )
    .bind(crypto.randomUUID(), requestId, consultationId, status, status === "draft" ? null : Date.now(), acceptedTotal, Date.now(), Date.now())
    .run();
}

beforeAll(async () => {
  worker = await startWorker({ vars: { CURRENCY: "EUR" } });
  admin = await asAdmin(worker);
  const now = Date.now();
  await worker.db
    .prepare("INSERT INTO catalogue_items (id, kind, code, name, pricing, created_at, updated_at) VALUES (?, 'package', 'report-test-mix', 'Mixing', 'package', ?, ?)")
    .bind(PACKAGE, now, now)
    .run();

  // This period: 5 consultations whose time has come.
  const a = await insertConsultation(worker, { startsAt: now - 2 * DAY, status: "completed" });
  await feedback(a, 5);
  const aRequest = await request(a);
  await quote(a, aRequest, "accepted", 120_000);
  const b = await insertConsultation(worker, { startsAt: now - 3 * DAY, status: "completed" });
  await feedback(b, 4);
  await quote(b, await request(b), "sent");
  const c = await insertConsultation(worker, { startsAt: now - 4 * DAY, status: "completed" });
  await feedback(c, 2);
  // Two requests and a draft count as one client who asked, and no quote sent.
  await request(c);
  await quote(c, await request(c), "draft");
  await insertConsultation(worker, { startsAt: now - 5 * DAY, status: "completed" });
  await insertConsultation(worker, { startsAt: now - 6 * DAY, status: "cancelled" });
  // Ahead: can't have converted yet, so not counted.
  await insertConsultation(worker, { startsAt: now + 3 * DAY });
  // The period before (about five months ago): one poor rating.
  const old = await insertConsultation(worker, { startsAt: now - 140 * DAY, status: "completed" });
  await feedback(old, 1);
});
afterAll(() => worker?.dispose());

const page = async (path: string) => (await (await admin.get(path)).text()).replaceAll("<!-- -->", "");
const row = (label: string, ...cells: string[]) => new RegExp(`<th scope="row">${label}</th>${cells.map((c) => `<td class="num">${c}</td>`).join("")}`);

describe("the funnel after the consultation", () => {
  it("counts each consultation once per step, with rates from the step before and from the first, and the accepted value in the configured currency", async () => {
    const html = await page("/admin/reports");
    expect(html).toContain("After the consultation, last 3 months");
    expect(html).toMatch(row("Consultations booked", "5", "–", "100%"));
    expect(html).toMatch(row("Consultations completed", "4", "80%", "80%"));
    expect(html).toMatch(row("Feedback given", "3", "75%", "60%"));
    expect(html).toMatch(row("Service requests", "3", "100%", "60%"));
    expect(html).toMatch(row("Quotes sent", "2", "66.7%", "40%"));
    expect(html).toMatch(row("Quotes accepted", "1", "50%", "20%"));
    expect(html).toMatch(/<th scope="row">Accepted value<\/th><td class="num" colSpan="3">€1,200.00<\/td>/);
    expect(html).toMatch(/Accepted value<\/div><div class="tile__value">€1,200.00</);
  });

  it("follows the chosen period", async () => {
    const html = await page("/admin/reports?period=all");
    expect(html).toMatch(row("Consultations booked", "6", "–", "100%"));
    expect(html).toMatch(row("Feedback given", "4", "80%", "66.7%"));
  });
});

describe("client feedback in the reports", () => {
  it("shows the average, its change from the period before, the spread and the trend per month", async () => {
    const html = await page("/admin/reports");
    expect(html).toContain("Client feedback, last 3 months");
    // (5 + 4 + 2) / 3 = 3.67 -> 3.7; the period before had one 1.
    expect(html).toMatch(/Average rating<\/div><div class="tile__value">3.7 \/ 5<\/div><div class="tile__note">from 3 ratings/);
    expect(html).toMatch(/Change<\/div><div class="tile__value">\+2.7<\/div><div class="tile__note">1.0 in the period before \(1\)/);
    expect(html).toMatch(/Low ratings<\/div><div class="tile__value">1</);
    expect(html).toMatch(row("5 – Excellent", "1"));
    expect(html).toMatch(row("2 – Fair", "1"));
    expect(html).toMatch(row("1 – Poor", "0"));
    const trend = html.slice(html.indexOf('id="rating-trend-caption"'), html.indexOf('id="rating-spread-caption"'));
    expect((trend.match(/<tr><th scope="row">/g) ?? []).length).toBe(3);
    const counts = [...trend.matchAll(/<th scope="row">[A-Z][a-z]{2} \d{4}<\/th><td class="num">[^<]+<\/td><td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(trend).toMatch(/role="img" aria-label="Average rating per month: /);
  });

  it("over all time: every rating, no change tile, 24 months of trend", async () => {
    const html = await page("/admin/reports?period=all");
    expect(html).toMatch(/Average rating<\/div><div class="tile__value">3.0 \/ 5<\/div><div class="tile__note">from 4 ratings/);
    expect(html).not.toContain("in the period before");
    const trend = html.slice(html.indexOf('id="rating-trend-caption"'), html.indexOf('id="rating-spread-caption"'));
    expect((trend.match(/<tr><th scope="row">/g) ?? []).length).toBe(24);
  });
});
