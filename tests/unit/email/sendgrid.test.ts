import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendWithSendGrid, toSendGridBody } from "../../../app/server/email/sendgrid.server";
import { startFakeSendGrid, type FakeSendGrid } from "../../fakes/sendgrid";
import { confirmationEmail } from "./fixtures";

let fake: FakeSendGrid;
beforeAll(async () => {
  fake = await startFakeSendGrid();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.messages.length = 0;
});

const config = () => ({ apiKey: fake.apiKey, baseUrl: fake.url });

describe("sendWithSendGrid against the fake SendGrid", () => {
  it("sends a body the OpenAPI spec accepts and returns X-Message-Id", async () => {
    const email = confirmationEmail();
    const result = await sendWithSendGrid(email, config());
    expect(result).toEqual({ ok: true, providerMessageId: expect.stringMatching(/.+/) });
    expect(fake.messages).toHaveLength(1);
    expect(fake.validate(fake.messages[0])).toEqual([]);
    const body = fake.messages[0] as ReturnType<typeof toSendGridBody> & Record<string, any>;
    expect(body.personalizations).toEqual([
      {
        to: [{ email: "alex@example.com", name: "Zoë Café" }],
        custom_args: { consultation_id: email.consultationId, kind: "confirmation", job_id: "job-0001" },
      },
    ]);
    expect(body.from).toEqual({ email: "bookings@example.com", name: "Night Owl Studio" });
    expect(body.reply_to).toEqual({ email: "studio@example.com", name: "Night Owl Studio" });
    expect(body.content.map((c: { type: string }) => c.type)).toEqual(["text/plain", "text/html"]);
    expect(body.categories).toEqual(["confirmation"]);
    expect(body.attachments).toEqual([
      { content: expect.any(String), type: "text/calendar; method=REQUEST", filename: "invite.ics", disposition: "attachment" },
    ]);
  });

  it("base64-encodes the attachment as UTF-8", async () => {
    const email = confirmationEmail();
    await sendWithSendGrid(email, config());
    const content = (fake.messages[0] as any).attachments[0].content as string;
    expect(Buffer.from(content, "base64").toString("utf8")).toBe(email.attachments![0]!.content);
    expect(email.attachments![0]!.content).toContain("東京");
  });

  it("never puts names or addresses into categories or custom_args", () => {
    const email = confirmationEmail();
    const body = toSendGridBody(email) as any;
    const tracked = JSON.stringify([body.categories, body.personalizations[0].custom_args, body.custom_args]);
    for (const pii of [email.to.email, email.to.name, email.from.email, "Zoë", "@"]) {
      expect(tracked).not.toContain(pii);
    }
  });

  it("reports a 500 as retryable, and the retry succeeds", async () => {
    fake.setFault({ path: "mail.send", mode: "500", times: 1 });
    const first = await sendWithSendGrid(confirmationEmail(), config());
    expect(first).toMatchObject({ ok: false, status: 500, retryable: true });
    const second = await sendWithSendGrid(confirmationEmail(), config());
    expect(second.ok).toBe(true);
    expect(fake.messages).toHaveLength(1);
  });

  it("parses Retry-After seconds on 429", async () => {
    fake.setFault({ path: "mail.send", mode: "429", retryAfter: 17, times: 1 });
    const result = await sendWithSendGrid(confirmationEmail(), config());
    expect(result).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterSeconds: 17 });
  });

  it("parses Retry-After as an HTTP date on 503", async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    fake.setFault({ path: "mail.send", mode: "503", retryAfter: new Date(now + 90_000).toUTCString(), times: 1 });
    const result = await sendWithSendGrid(confirmationEmail(), { ...config(), now });
    expect(result).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterSeconds: 90 });
  });

  it("turns a timeout into a retryable failure", async () => {
    fake.setFault({ path: "mail.send", mode: "timeout", times: 1 });
    const started = Date.now();
    const result = await sendWithSendGrid(confirmationEmail(), { ...config(), timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, status: 0, retryable: true, message: expect.stringContaining("timed out") });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("turns a refused connection into a retryable failure", async () => {
    const result = await sendWithSendGrid(confirmationEmail(), { apiKey: "k", baseUrl: "http://127.0.0.1:9" });
    expect(result).toMatchObject({ ok: false, status: 0, retryable: true });
  });

  it("does not retry a rejected key or an invalid body", async () => {
    const unauthorized = await sendWithSendGrid(confirmationEmail(), { ...config(), apiKey: "SG.wrong" });
    expect(unauthorized).toMatchObject({ ok: false, status: 401, retryable: false });
    const invalid = await sendWithSendGrid(confirmationEmail({ to: { email: "not-an-address", name: "" } }), config());
    expect(invalid).toMatchObject({ ok: false, status: 400, retryable: false, message: expect.stringContaining("personalizations[0].to[0].email") });
  });

  it("omits empty display names", () => {
    const body = toSendGridBody(confirmationEmail({ to: { email: "a@example.com", name: "  " } })) as any;
    expect(body.personalizations[0].to).toEqual([{ email: "a@example.com" }]);
  });
});

describe("the fake's spec validator", () => {
  it("rejects what the spec forbids", () => {
    const good = toSendGridBody(confirmationEmail());
    expect(fake.validate(good)).toEqual([]);
    // The spec types the top-level custom_args as a string: objects go in personalizations.
    expect(fake.validate({ ...good, custom_args: { a: "b" } })).toEqual([{ field: "custom_args", message: expect.stringContaining("string") }]);
    expect(fake.validate({ ...good, from: undefined, personalizations: undefined }).map((v) => v.field).sort()).toEqual(["from", "personalizations"]);
    expect(fake.validate({ ...good, categories: Array.from({ length: 11 }, (_, i) => `c${i}`) })[0]?.field).toBe("categories");
    expect(fake.validate({ ...good, categories: ["a", "a"] })[0]?.field).toBe("categories");
    expect(fake.validate({ ...good, attachments: [{ content: "eA==", filename: "x", disposition: "sideways" }] })[0]?.field).toBe("attachments[0].disposition");
    expect(fake.validate({ ...good, subject: "" })[0]?.field).toBe("subject");
    expect(fake.validate({ ...good, content: [{ type: "text/html", value: "x" }, { type: "text/plain", value: "y" }] })[0]?.field).toBe("content");
  });
});
