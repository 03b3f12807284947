import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, bookingForm, countConsultations, freeSlots, type ApiSlot } from "./booking-data";
import { settled } from "./fakes-env";

// Abuse limits through the real worker: per-client rate limits (429 with
// Retry-After, then recovery), the cap on upcoming consultations per email
// address, and the booking form's minimum fill time. Low limits here; the
// other suites run with generous ones (harness BASE_VARS).

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const client = (ip: string) => ({ "cf-connecting-ip": ip });

describe("per-client rate limits", () => {
  let worker: TestWorker;
  let pool: ApiSlot[];
  beforeAll(async () => {
    worker = await startWorker({
      vars: {
        RATE_LIMIT_SLOTS: "3/3s",
        RATE_LIMIT_BOOKING: "2/1h",
        RATE_LIMIT_MANAGE: "1/1h",
        RATE_LIMIT_WEBHOOK: "1/1h",
        RATE_LIMIT_EMBED: "2/1h",
        EMBED_ALLOWED_ORIGINS: "https://www.studio.example",
      },
    });
    pool = await freeSlots(worker);
  });
  afterAll(() => worker?.dispose());
  const take = () => pool.shift()!;

  it("GET /api/slots: 429 with Retry-After over the limit, other clients unaffected, and back after the wait", async () => {
    const ip = "203.0.113.10";
    for (let i = 0; i < 3; i++) expect((await worker.fetch("/api/slots?days=1", { headers: client(ip) })).status).toBe(200);
    const refused = await worker.fetch("/api/slots?days=1", { headers: client(ip) });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    const body = (await refused.json()) as { error: string; retryAfterSeconds: number };
    expect(body.error).toMatch(/Please wait \d+ seconds? and try again/);
    expect(refused.headers.get("x-frame-options")).toBe("DENY");

    expect((await worker.fetch("/api/slots?days=1", { headers: client("203.0.113.11") })).status).toBe(200);

    await sleep(retryAfter * 1000 + 200);
    expect((await worker.fetch("/api/slots?days=1", { headers: client(ip) })).status).toBe(200);
  });

  it("bookings: the form and the API share one budget; the form keeps what was typed", async () => {
    const ip = "203.0.113.20";
    const first = await worker.postJson("/api/consultations", bookingBody(take().startsAt, { customerEmail: "a1@example.com" }), client(ip));
    expect(first.status).toBe(201);
    const second = await worker.postForm("/book", bookingForm(take().startsAt, { customerEmail: "a2@example.com" }), client(ip));
    expect(second.status).toBe(302);

    const before = await countConsultations(worker);
    const form = await worker.postForm("/book", bookingForm(take().startsAt, { projectName: "Typed Before The Limit", customerEmail: "a3@example.com" }), client(ip));
    expect(form.status).toBe(429);
    expect(Number(form.headers.get("retry-after"))).toBeGreaterThan(60);
    const html = await form.text();
    expect(html).toContain("You&#x27;ve sent a lot of requests in a short time");
    expect(html).toContain('value="Typed Before The Limit"');
    expect(html).toContain('value="a3@example.com"');

    const api = await worker.postJson("/api/consultations", bookingBody(take().startsAt, { customerEmail: "a4@example.com" }), client(ip));
    expect(api.status).toBe(429);
    expect(api.headers.get("retry-after")).toBeTruthy();
    expect(await countConsultations(worker)).toBe(before);

    // Another client still books.
    expect((await worker.postJson("/api/consultations", bookingBody(take().startsAt, { customerEmail: "a5@example.com" }), client("203.0.113.21"))).status).toBe(201);
  });

  it("private-link actions and the webhook are limited too", async () => {
    const ip = "203.0.113.30";
    const res = await worker.postForm("/book", bookingForm(take().startsAt, { customerEmail: "m1@example.com" }), client("203.0.113.31"));
    const page = await (await worker.fetch(res.headers.get("location")!)).text();
    const link = /href="(\/manage\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(page)![1];

    // A reschedule without a time: answered (400), but it counts.
    const first = await worker.postForm(link, { consultationDate: "", timeZone: "Europe/London" }, client(ip));
    expect(first.status).toBe(400);
    const second = await worker.postForm(link, { consultationDate: "", timeZone: "Europe/London" }, client(ip));
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBeTruthy();
    expect(await second.text()).toContain("sent a lot of requests");
    // The cancel step shares the budget.
    expect((await worker.postForm(`${link}/cancel`, { reason: "" }, client(ip))).status).toBe(429);
    expect((await worker.db.prepare("SELECT status FROM consultations WHERE customer_email = 'm1@example.com'").first<{ status: string }>())?.status).toBe("scheduled");

    const hook = () => worker.fetch("/webhooks/sendgrid", { method: "POST", headers: { "content-type": "application/json", ...client(ip) }, body: "[]" });
    expect((await hook()).status).not.toBe(429);
    const limited = await hook();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });

  it("the embed's beacons: one client can't inflate a page's views or opens", async () => {
    const beacon = (kind: "view" | "open", ip: string) =>
      worker.fetch(`/embed/${kind}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://www.studio.example", ...client(ip) },
        body: "page=%2Fservices%2Fmixing",
      });
    const counted = () =>
      worker.db.prepare("SELECT SUM(views) AS views, SUM(opens) AS opens FROM embed_daily_counts WHERE page = '/services/mixing'").first<{ views: number; opens: number }>();
    expect((await beacon("view", "203.0.113.40")).status).toBe(204);
    expect((await beacon("open", "203.0.113.40")).status).toBe(204);
    const refused = await beacon("view", "203.0.113.40");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    // Another visitor still counts.
    expect((await beacon("view", "203.0.113.41")).status).toBe(204);
    expect(await counted()).toEqual({ views: 2, opens: 1 });
  });
});

describe("upcoming consultations per email address", () => {
  let worker: TestWorker;
  let pool: ApiSlot[];
  beforeAll(async () => {
    worker = await startWorker({ vars: { MAX_UPCOMING_PER_EMAIL: "2" } });
    // Far enough ahead that the confirmations are not stale when they run.
    pool = await freeSlots(worker);
  });
  afterAll(() => worker?.dispose());
  const take = () => pool.shift()!;

  it("refuses a third booking kindly, shows no links, and emails the existing bookings' links to the address once a day", async () => {
    const ids: string[] = [];
    for (const email of ["cap@example.com", "Cap@Example.com"]) {
      const res = await worker.postJson("/api/consultations", bookingBody(take().startsAt, { customerEmail: email }));
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    for (const id of ids) await settled(worker, id);

    const form = await worker.postForm("/book", bookingForm(take().startsAt, { customerEmail: "CAP@example.com", projectName: "Third Try" }));
    expect(form.status).toBe(409);
    const html = await form.text();
    expect(html).toContain("already has 2 upcoming consultations");
    expect(html).toContain("emailed the links to manage them");
    expect(html).toContain('value="Third Try"');
    expect(html).not.toMatch(/\/manage\/[\w-]+\.[\w-]+\.[\w-]+/);

    const refusedAt = take().startsAt;
    const api = await worker.postJson("/api/consultations", bookingBody(refusedAt, { customerEmail: "cap@example.com" }));
    expect(api.status).toBe(409);
    const body = (await api.json()) as Record<string, unknown>;
    expect(body.reason).toBe("email_limit");
    expect(JSON.stringify(body)).not.toMatch(/\/manage\/|[0-9a-f]{8}-[0-9a-f]{4}/);
    // The refused request's claim on the time (made beside its read: decision 0055) is let go: someone else books it.
    expect((await worker.postJson("/api/consultations", bookingBody(refusedAt, { customerEmail: "someone-else@example.com" }))).status).toBe(201);

    await worker.scheduled();
    for (const id of ids) {
      const { results } = await worker.db
        .prepare("SELECT subject, text, recipient FROM email_messages WHERE consultation_id = ? AND kind = 'confirmation' ORDER BY created_at")
        .bind(id)
        .all<{ subject: string; text: string; recipient: string }>();
      // The booking's own confirmation, then one resend (not two: the API try came within the day).
      expect(results).toHaveLength(2);
      expect(results[1].subject).toContain("Your upcoming consultation");
      expect(results[1].text).toContain("tried to book another consultation");
      expect(results[1].text).toMatch(/\/manage\/[\w-]+\.[\w-]+\.[\w-]+/);
    }

    // Cancelling one makes room again.
    await worker.db.prepare("UPDATE consultations SET status = 'cancelled' WHERE id = ?").bind(ids[0]).run();
    expect((await worker.postJson("/api/consultations", bookingBody(take().startsAt, { customerEmail: "cap@example.com" }))).status).toBe(201);
  });

  it("holds when bookings with one address race each other", async () => {
    const slots = [take(), take(), take(), take()];
    const answers = await Promise.all(slots.map((s) => worker.postJson("/api/consultations", bookingBody(s.startsAt, { customerEmail: "race@example.com" }))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(await countConsultations(worker, "customer_email = 'race@example.com' AND status = 'scheduled'")).toBe(2);
  });
});

describe("the booking form's minimum fill time", () => {
  let worker: TestWorker;
  let pool: ApiSlot[];
  beforeAll(async () => {
    worker = await startWorker({ vars: { MIN_FORM_FILL_SECONDS: "1" } });
    pool = await freeSlots(worker);
  });
  afterAll(() => worker?.dispose());

  async function formStamp(): Promise<string> {
    const html = await (await worker.fetch("/book")).text();
    return /name="formStartedAt" value="([^"]+)"/.exec(html)![1];
  }

  it("refuses a post that comes back at once or without the signed stamp, keeping what was typed; a person's pace books", async () => {
    const before = await countConsultations(worker);
    const stamp = await formStamp();
    const fast = await worker.postForm("/book", bookingForm(pool[0].startsAt, { formStartedAt: stamp, projectName: "Too Quick" }));
    expect(fast.status).toBe(400);
    const fastHtml = await fast.text();
    expect(fastHtml).toContain("quicker than we expected");
    expect(fastHtml).toContain('value="Too Quick"');

    const forged = await worker.postForm("/book", bookingForm(pool[0].startsAt, { formStartedAt: "1700000000000" }));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("send the form again");
    const missing = await worker.postForm("/book", bookingForm(pool[0].startsAt));
    expect(missing.status).toBe(400);
    expect(await countConsultations(worker)).toBe(before);

    await sleep(1200);
    const human = await worker.postForm("/book", bookingForm(pool[0].startsAt, { formStartedAt: stamp }));
    expect(human.status).toBe(302);
  });
});
