import { EventWebhook } from "@sendgrid/eventwebhook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { book, jobOf, mailFor, makeDue, settled, startFakes, type Fakes } from "./fakes-env";

// SendGrid's Event Webhook at POST /webhooks/sendgrid: ECDSA-signed over the
// raw body, refused when unsigned, tampered, signed with another key or old;
// deduplicated on sg_event_id; bounces and spam reports stop later mail.

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

function post(rawBody: string, headers: Record<string, string>) {
  return worker.fetch("/webhooks/sendgrid", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: rawBody });
}

function signed(events: unknown[], timestamp = String(Math.floor(Date.now() / 1000))) {
  // Pretty-printed on purpose: the signature covers these exact bytes, not a re-serialisation.
  const rawBody = JSON.stringify(events, null, 2);
  const signature = fakes.sendgrid.signer.sign(timestamp, rawBody);
  return {
    rawBody,
    timestamp,
    signature,
    headers: { "x-twilio-email-event-webhook-signature": signature, "x-twilio-email-event-webhook-timestamp": timestamp },
  };
}

let counter = 0;
function event(fields: Record<string, unknown>) {
  counter++;
  return { email: "ada@example.com", timestamp: Math.floor(Date.now() / 1000), sg_event_id: `evt-${counter}-${crypto.randomUUID()}`, ...fields };
}

async function bookAndConfirm(email: string) {
  const { id } = await book(worker, bookingBody(slots.shift()!.startsAt, { customerEmail: email }));
  await settled(worker, id);
  const message = await worker.db
    .prepare("SELECT id, job_id, provider_message_id, status FROM email_messages WHERE consultation_id = ? AND kind = 'confirmation'")
    .bind(id)
    .first<{ id: string; job_id: string; provider_message_id: string; status: string }>();
  return { id, message: message! };
}

async function messageStatus(id: string) {
  return (await worker.db.prepare("SELECT status FROM email_messages WHERE id = ?").bind(id).first<{ status: string }>())?.status;
}

describe("signature", () => {
  it("accepts a valid signature (and @sendgrid/eventwebhook agrees it is valid)", async () => {
    const { id, message } = await bookAndConfirm("delivered@example.com");
    const batch = signed([
      event({ email: "delivered@example.com", event: "delivered", sg_message_id: `${message.provider_message_id}.filter0001`, consultation_id: id, kind: "confirmation", job_id: message.job_id }),
    ]);
    const webhook = new EventWebhook();
    const key = webhook.convertPublicKeyToECDSA(fakes.sendgrid.signer.publicKeyBase64);
    expect(webhook.verifySignature(key, batch.rawBody, batch.signature, batch.timestamp)).toBe(true);

    const res = await post(batch.rawBody, batch.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ recorded: 1, duplicates: 0, skipped: 0 });
    expect(await messageStatus(message.id)).toBe("delivered");
  });

  it("rejects an unsigned request (401), a tampered body, another key and an old timestamp (403)", async () => {
    const events = [event({ event: "delivered" })];
    const unsigned = await post(JSON.stringify(events), {});
    expect(unsigned.status).toBe(401);

    const good = signed(events);
    const tampered = good.rawBody.replace('"delivered"', '"bounce"');
    const webhook = new EventWebhook();
    const key = webhook.convertPublicKeyToECDSA(fakes.sendgrid.signer.publicKeyBase64);
    expect(webhook.verifySignature(key, tampered, good.signature, good.timestamp)).toBe(false);
    expect((await post(tampered, good.headers)).status).toBe(403);

    // Signed with a key the app does not know.
    const stranger = signed(events);
    const otherKeyHeaders = { ...stranger.headers };
    const { generateKeyPairSync, sign } = await import("node:crypto");
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    otherKeyHeaders["x-twilio-email-event-webhook-signature"] = sign("sha256", Buffer.from(stranger.timestamp + stranger.rawBody), privateKey).toString("base64");
    expect((await post(stranger.rawBody, otherKeyHeaders)).status).toBe(403);

    const old = signed(events, String(Math.floor(Date.now() / 1000) - 6 * 60));
    expect(webhook.verifySignature(key, old.rawBody, old.signature, old.timestamp)).toBe(true); // validly signed, just old
    expect((await post(old.rawBody, old.headers)).status).toBe(403);

    const count = await worker.db.prepare("SELECT COUNT(*) AS n FROM email_events WHERE sg_event_id = ?").bind(events[0].sg_event_id).first<{ n: number }>();
    expect(count?.n).toBe(0);
  });
});

describe("events", () => {
  it("records a duplicate sg_event_id once, and a status never moves backwards", async () => {
    const { id, message } = await bookAndConfirm("dupes@example.com");
    const open = event({ email: "dupes@example.com", event: "open", consultation_id: id, job_id: message.job_id });
    const first = signed([open]);
    expect(await (await post(first.rawBody, first.headers)).json()).toEqual({ recorded: 1, duplicates: 0, skipped: 0 });
    const again = signed([open, event({ email: "dupes@example.com", event: "delivered", sg_message_id: `${message.provider_message_id}.x`, consultation_id: id })]);
    expect(await (await post(again.rawBody, again.headers)).json()).toEqual({ recorded: 1, duplicates: 1, skipped: 0 });
    const rows = await worker.db.prepare("SELECT event, message_id FROM email_events WHERE message_id = ? ORDER BY event").bind(message.id).all();
    expect(rows.results).toEqual([
      { event: "delivered", message_id: message.id },
      { event: "opened", message_id: message.id },
    ]);
    expect(await messageStatus(message.id)).toBe("opened");
  });

  it("a hard bounce suppresses the address: the reminder and follow-up are skipped as suppressed", async () => {
    const email = "bounces@example.com";
    const { id, message } = await bookAndConfirm(email);
    const bounce = signed([
      event({ email, event: "bounce", type: "bounce", reason: "550 5.1.1 no such user", sg_message_id: `${message.provider_message_id}.filter`, consultation_id: id, kind: "confirmation" }),
    ]);
    expect((await post(bounce.rawBody, bounce.headers)).status).toBe(200);
    expect(await messageStatus(message.id)).toBe("bounced");
    expect(await worker.db.prepare("SELECT reason FROM email_suppressions WHERE email = ?").bind(email).first()).toEqual({ reason: "bounce" });

    await makeDue(worker, `consultation_id = '${id}'`);
    await worker.scheduled();
    for (const kind of ["email.reminder", "email.follow_up"]) {
      expect((await jobOf(worker, id, kind)).result, kind).toMatch(/^suppressed/);
    }
    expect(mailFor(fakes.sendgrid, id, "reminder")).toHaveLength(0);
    expect(mailFor(fakes.sendgrid, id, "follow_up")).toHaveLength(0);
    const { results } = await worker.db
      .prepare("SELECT kind, status FROM email_messages WHERE consultation_id = ? ORDER BY created_at")
      .bind(id)
      .all<{ kind: string; status: string }>();
    expect(results).toEqual([
      { kind: "confirmation", status: "bounced" },
      { kind: "reminder", status: "suppressed" },
      { kind: "follow_up", status: "suppressed" },
    ]);
  });

  it("a soft bounce (blocked) does not suppress; a spam report does", async () => {
    const { id, message } = await bookAndConfirm("spam@example.com");
    const blocked = signed([event({ email: "spam@example.com", event: "bounce", type: "blocked", job_id: message.job_id, consultation_id: id })]);
    await post(blocked.rawBody, blocked.headers);
    expect(await worker.db.prepare("SELECT reason FROM email_suppressions WHERE email = 'spam@example.com'").first()).toBeNull();
    const spam = signed([event({ email: "Spam@Example.com", event: "spamreport", job_id: message.job_id, consultation_id: id })]);
    await post(spam.rawBody, spam.headers);
    expect(await worker.db.prepare("SELECT reason FROM email_suppressions WHERE email = 'spam@example.com'").first()).toEqual({ reason: "spamreport" });
    expect(await messageStatus(message.id)).toBe("spam_report");
  });

  it("answers 400 to a signed body that is not an array of events, and ignores unknown events", async () => {
    const notArray = signed({ hello: "world" } as never);
    expect((await post(notArray.rawBody, notArray.headers)).status).toBe(400);
    const unknown = signed([event({ event: "group_resubscribe" }), { nonsense: true }]);
    expect(await (await post(unknown.rawBody, unknown.headers)).json()).toEqual({ recorded: 0, duplicates: 0, skipped: 2 });
  });
});
