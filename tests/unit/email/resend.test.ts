import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendWithResend, toResendBody } from "../../../app/server/email/resend.server";
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
  fake.resendMessages.length = 0;
});

const config = () => ({ apiKey: fake.resendApiKey, baseUrl: fake.url });

describe("sendWithResend against the fake Resend endpoint", () => {
  it("sends the Resend wire format and returns the id", async () => {
    const email = confirmationEmail();
    const result = await sendWithResend(email, config());
    expect(result).toEqual({ ok: true, providerMessageId: expect.stringMatching(/.+/) });
    const body = fake.resendMessages[0] as any;
    expect(body.from).toBe('"Night Owl Studio" <bookings@example.com>');
    expect(body.to).toEqual(["alex@example.com"]);
    expect(body.reply_to).toBe('"Night Owl Studio" <studio@example.com>');
    expect(body.subject).toBe(email.subject);
    expect(body.html).toBe(email.html);
    expect(body.text).toBe(email.text);
    expect(Buffer.from(body.attachments[0].content, "base64").toString("utf8")).toBe(email.attachments![0]!.content);
    expect(body.attachments[0].filename).toBe("invite.ics");
    expect(body.tags).toEqual([
      { name: "kind", value: "confirmation" },
      { name: "consultation_id", value: email.consultationId },
    ]);
  });

  it("sends the job id as Idempotency-Key so a retried send is not duplicated", async () => {
    const email = confirmationEmail({ jobId: "job-idempotent" });
    const first = await sendWithResend(email, config());
    const second = await sendWithResend(email, config());
    expect(first.ok && second.ok && first.providerMessageId === second.providerMessageId).toBe(true);
    expect(fake.resendMessages).toHaveLength(1);
    expect(fake.requests.at(-1)?.headers["idempotency-key"]).toBe("job-idempotent");
  });

  it("reports 429 with Retry-After as retryable and 401 as final", async () => {
    fake.setFault({ path: "emails", mode: "429", retryAfter: 3, times: 1 });
    expect(await sendWithResend(confirmationEmail(), config())).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterSeconds: 3 });
    expect(await sendWithResend(confirmationEmail(), { ...config(), apiKey: "re_wrong" })).toMatchObject({ ok: false, status: 401, retryable: false });
  });

  it("times out as a retryable failure", async () => {
    fake.setFault({ path: "emails", mode: "timeout", times: 1 });
    expect(await sendWithResend(confirmationEmail(), { ...config(), timeoutMs: 200 })).toMatchObject({ ok: false, status: 0, retryable: true });
  });

  it("quotes display names so a comma cannot split the address", () => {
    const body = toResendBody(confirmationEmail({ from: { email: "b@example.com", name: 'Owl, "Night" Studio' } }));
    expect(body.from).toBe('"Owl, Night Studio" <b@example.com>');
  });
});
