import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeReceiver, type FakeReceiver, type ReceivedWebhook } from "../fakes/webhook-receiver";
import { asAdmin, insertConsultation, type Admin } from "./admin-support";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { book, makeDue, waitFor } from "./fakes-env";
import { startWorker, type TestWorker } from "./harness";
import { clientLinkOf, seedCatalogue, sentQuote } from "./quote-support";

// Webhooks through the real worker to a fake receiver on 127.0.0.1: the studio
// registers an endpoint in the admin, consultation changes reach it signed
// (checked here with node:crypto, independently of the worker's WebCrypto
// code), failures and timeouts are retried, and two cron runs at once neither
// lose nor double a delivery.

let worker: TestWorker;
let receiver: FakeReceiver;
let admin: Admin;
let slots: ApiSlot[];

beforeAll(async () => {
  receiver = await startFakeReceiver();
  worker = await startWorker({ vars: { OUTBOUND_TIMEOUT_MS: "500" } });
  admin = await asAdmin(worker);
  slots = await freeSlots(worker);
});
afterAll(async () => {
  await worker?.dispose();
  await receiver?.close();
});
beforeEach(async () => {
  receiver.faults.clear();
  receiver.setDelay(0);
  // Each test registers its own endpoints and sees only their deliveries.
  await worker.db.prepare("UPDATE webhook_endpoints SET disabled_at = ? WHERE disabled_at IS NULL").bind(Date.now()).run();
});

function nextSlot(): ApiSlot {
  const slot = slots.shift();
  if (!slot) throw new Error("ran out of free slots");
  return slot;
}

/** POSTs the admin form as a browser would (repeated `events` fields). */
async function postWebhookForm(fields: [string, string][]): Promise<Response> {
  return worker.fetch("/admin/webhooks", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: worker.origin, "x-forwarded-host": new URL(worker.origin).host, cookie: admin.cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

async function register(path: string, events: string[]): Promise<{ url: string; secret: string }> {
  const url = `${receiver.url}${path}`;
  const res = await postWebhookForm([["intent", "create"], ["url", url], ...events.map((e): [string, string] => ["events", e]), ["description", "CRM"]]);
  const html = await res.text();
  expect(res.status).toBe(200);
  const secret = /whsec_[A-Za-z0-9_-]{43}/.exec(html)?.[0];
  if (!secret) throw new Error("the new secret was not shown");
  return { url, secret };
}

/** An independent check of the documented scheme: Studio-Signature: t=<s>,v1=<hex HMAC-SHA256(secret, "t.body")>. */
function verify(secret: string, hook: ReceivedWebhook, toleranceSeconds = 300): boolean {
  const header = hook.headers["studio-signature"] ?? "";
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${hook.rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hooksAt(path: string, answered?: number | "timeout") {
  return receiver.received.filter((h) => h.path === path && (answered === undefined || h.answered === answered));
}

type Body = { id: string; type: string; createdAt: string; data: { consultation: Record<string, unknown>; previousConsultationDate?: string } };
const bodyOf = (hook: ReceivedWebhook) => JSON.parse(hook.rawBody) as Body;

async function deliveriesOf(consultationId: string) {
  const { results } = await worker.db
    .prepare("SELECT id, status, attempts, last_error, payload FROM outbox_jobs WHERE kind = 'webhook.deliver' AND consultation_id = ? ORDER BY created_at")
    .bind(consultationId)
    .all<{ id: string; status: string; attempts: number; last_error: string | null; payload: string }>();
  return results;
}

describe("registering an endpoint", () => {
  it("shows the secret once, then only its first characters", async () => {
    const { secret } = await register("/once", ["consultation.cancelled"]);
    const page = await (await admin.get("/admin/webhooks")).text();
    expect(page).toContain(`${receiver.url}/once`);
    expect(page).not.toContain(secret);
    expect(page).toContain(secret.slice(0, 10));
  });

  it("refuses a URL that isn't one and an endpoint without events, with field errors", async () => {
    const res = await postWebhookForm([["intent", "create"], ["url", "tools.example.com/hook"]]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter a full URL");
    expect(html).toContain("Pick at least one event to send");
    const count = await worker.db.prepare("SELECT count(*) AS n FROM webhook_endpoints WHERE url LIKE '%tools.example.com%'").first<{ n: number }>();
    expect(count?.n).toBe(0);
  });
});

describe("deliveries", () => {
  it("sends a booking to the subscribed endpoint, signed over the timestamp and the exact body", async () => {
    const { secret } = await register("/booked", ["consultation.booked"]);
    const { id } = await book(worker, bookingBody(nextSlot().startsAt, { customerName: "Grace Hopper" }));
    const [hook] = await waitFor(async () => (hooksAt("/booked").length > 0 ? hooksAt("/booked") : undefined), "the booked webhook");

    expect(verify(secret, hook)).toBe(true);
    // A wrong secret or a changed body does not verify.
    expect(verify(secret.replace(/.$/, (c) => (c === "A" ? "B" : "A")), hook)).toBe(false);
    expect(verify(secret, { ...hook, rawBody: hook.rawBody.replace("Grace", "Grack") })).toBe(false);

    const body = bodyOf(hook);
    expect(body.type).toBe("consultation.booked");
    expect(body.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(hook.headers["studio-event-id"]).toBe(body.id);
    expect(hook.headers["studio-event-type"]).toBe("consultation.booked");
    expect(hook.headers["content-type"]).toBe("application/json");
    expect(body.data.consultation).toMatchObject({ id, status: "scheduled", customerName: "Grace Hopper" });
    await waitFor(async () => (await deliveriesOf(id))[0]?.status === "done", "the delivery to be done");
  });

  it("sends rescheduled, cancelled and completed only to endpoints subscribed to them", async () => {
    await register("/changes", ["consultation.rescheduled", "consultation.cancelled", "consultation.completed"]);
    const { id } = await book(worker, bookingBody(nextSlot().startsAt));
    const target = nextSlot().startsAt;
    expect((await admin.put(`/api/consultations/${id}`, { consultationDate: target, reason: "Studio clash" })).status).toBe(200);
    expect((await admin.put(`/api/consultations/${id}`, { status: "cancelled", reason: "Client asked" })).status).toBe(200);
    const past = await insertConsultation(worker, { startsAt: Date.now() - 3 * 3600_000 });
    expect((await admin.put(`/api/consultations/${past}`, { status: "completed" })).status).toBe(200);

    await waitFor(async () => hooksAt("/changes").length >= 3, "three change webhooks");
    const types = hooksAt("/changes").map((h) => [bodyOf(h).type, bodyOf(h).data.consultation.id]);
    expect(types).toEqual([
      ["consultation.rescheduled", id],
      ["consultation.cancelled", id],
      ["consultation.completed", past],
    ]);
    const rescheduled = bodyOf(hooksAt("/changes")[0]);
    expect(rescheduled.data.consultation.consultationDate).toBe(target);
    expect(rescheduled.data.previousConsultationDate).toBeDefined();
    // The booking itself was not sent there.
    expect(hooksAt("/changes").some((h) => bodyOf(h).type === "consultation.booked")).toBe(false);
  });

  it("retries after a 500 and after a timeout with the same event id and body, and records each answer", async () => {
    await register("/flaky", ["consultation.booked"]);
    receiver.faults.set({ path: "/flaky", mode: "500", times: 1 });
    const { id } = await book(worker, bookingBody(nextSlot().startsAt));
    const failed = await waitFor(async () => {
      const [d] = await deliveriesOf(id);
      return d?.status === "pending" && d.attempts === 1 && d;
    }, "the first try to fail");
    expect(failed.last_error).toContain("answered 500");

    receiver.faults.set({ path: "/flaky", mode: "timeout", times: 1 });
    await makeDue(worker, `kind = 'webhook.deliver' AND consultation_id = '${id}'`);
    await worker.scheduled();
    const timedOut = (await deliveriesOf(id))[0];
    expect(timedOut).toMatchObject({ status: "pending", attempts: 2 });
    expect(timedOut.last_error).toContain("timed out");

    await makeDue(worker, `kind = 'webhook.deliver' AND consultation_id = '${id}'`);
    await worker.scheduled();
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: "done", attempts: 3 });

    const tries = hooksAt("/flaky").filter((h) => bodyOf(h).data.consultation.id === id);
    expect(tries.map((h) => h.answered)).toEqual([500, "timeout", 200]);
    expect(new Set(tries.map((h) => h.rawBody)).size).toBe(1);
    expect(new Set(tries.map((h) => h.headers["studio-event-id"])).size).toBe(1);

    const page = await (await admin.get("/admin/webhooks")).text();
    expect(page).toContain("HTTP 200");
    const { results } = await worker.db
      .prepare("SELECT status_code, error FROM webhook_attempts WHERE job_id = ? ORDER BY attempt")
      .bind(timedOut.id)
      .all<{ status_code: number | null; error: string | null }>();
    expect(results.map((r) => r.status_code)).toEqual([500, null, 200]);
    expect(results[1].error).toContain("timed out");
  });

  it("resends a delivery as the same event, and stops sending to a removed endpoint", async () => {
    await register("/resend", ["consultation.booked"]);
    const { id } = await book(worker, bookingBody(nextSlot().startsAt));
    const [first] = await waitFor(async () => (await deliveriesOf(id)).filter((d) => d.status === "done").length === 1 && deliveriesOf(id), "the delivery");
    const res = await postWebhookForm([["intent", "resend"], ["id", first.id]]);
    expect(res.status).toBe(302);
    await waitFor(async () => hooksAt("/resend").filter((h) => bodyOf(h).data.consultation.id === id).length === 2, "the resent delivery");
    const both = hooksAt("/resend").filter((h) => bodyOf(h).data.consultation.id === id);
    expect(both[0].rawBody).toBe(both[1].rawBody);
    expect(both[1].headers["studio-delivery-id"]).not.toBe(both[0].headers["studio-delivery-id"]);

    const endpoint = await worker.db.prepare("SELECT id FROM webhook_endpoints WHERE url = ?").bind(`${receiver.url}/resend`).first<{ id: string }>();
    expect((await postWebhookForm([["intent", "remove"], ["id", endpoint!.id]])).status).toBe(302);
    const before = hooksAt("/resend").length;
    const other = await book(worker, bookingBody(nextSlot().startsAt));
    await waitFor(async () => (await deliveriesOf(other.id)).every((d) => d.status !== "pending" && d.status !== "running"), "the other deliveries");
    expect(hooksAt("/resend")).toHaveLength(before);
    expect(await (await postWebhookForm([["intent", "resend"], ["id", first.id]])).headers.get("location")).toContain("notice=gone");
  });
});

describe("events after the consultation", () => {
  it("sends quote.sent and then exactly one quote.accepted, signed, when the client accepts twice at once", async () => {
    const { secret } = await register("/quotes", ["quote.sent", "quote.accepted", "quote.declined"]);
    await seedCatalogue(worker);
    const { quoteId, consultationId } = await sentQuote(worker, admin);
    const link = await clientLinkOf(admin, quoteId);
    const accept = () => worker.postForm(link, { intent: "accept", name: "Ada Lovelace", confirm: "on" });
    await Promise.all([accept(), accept()]);
    await makeDue(worker, `consultation_id = '${consultationId}'`);
    await worker.scheduled();
    await waitFor(async () => hooksAt("/quotes", 200).length >= 2, "the quote's deliveries");
    // A second cron run finds nothing more to send: one acceptance, one event.
    await worker.scheduled();
    const bodies = hooksAt("/quotes", 200).map((h) => ({ hook: h, body: JSON.parse(h.rawBody) as { type: string; data: { quote: Record<string, unknown> } } }));
    expect(bodies.map((b) => b.body.type).sort()).toEqual(["quote.accepted", "quote.sent"]);
    expect((await deliveriesOf(consultationId)).length).toBe(2);
    for (const { hook, body } of bodies) {
      expect(verify(secret, hook)).toBe(true);
      expect(body.data.quote.id).toBe(quoteId);
      expect(Number.isInteger(body.data.quote.totalMinor)).toBe(true);
    }
    expect(bodies.find((b) => b.body.type === "quote.accepted")?.body.data.quote.number).toMatch(/^Q-\d{4}-\d{4}$/);
  });
});

describe("two cron runs at once", () => {
  it("deliver every waiting delivery exactly once", async () => {
    await register("/race-a", ["consultation.booked"]);
    await register("/race-b", ["consultation.booked"]);
    // Every first try fails, so the deliveries pile up waiting for the cron.
    receiver.faults.set({ path: "*", mode: "503" });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await book(worker, bookingBody(nextSlot().startsAt))).id);
    const inList = ids.map((id) => `'${id}'`).join(", ");
    await waitFor(async () => {
      const row = await worker.db
        .prepare(`SELECT count(*) AS n FROM outbox_jobs WHERE kind = 'webhook.deliver' AND consultation_id IN (${inList}) AND status = 'pending' AND attempts >= 1`)
        .first<{ n: number }>();
      return row?.n === ids.length * 2;
    }, "the failed first tries");
    receiver.faults.clear();
    receiver.setDelay(100);
    await makeDue(worker, `kind = 'webhook.deliver' AND consultation_id IN (${inList})`);

    await Promise.all([worker.scheduled(), worker.scheduled()]);

    for (const path of ["/race-a", "/race-b"]) {
      const ok = hooksAt(path, 200).map((h) => bodyOf(h).data.consultation.id);
      expect(ok.sort()).toEqual([...ids].sort());
    }
    const { results } = await worker.db
      .prepare(`SELECT status, count(*) AS n FROM outbox_jobs WHERE kind = 'webhook.deliver' AND consultation_id IN (${inList}) GROUP BY status`)
      .all<{ status: string; n: number }>();
    expect(results).toEqual([{ status: "done", n: ids.length * 2 }]);
  });
});
