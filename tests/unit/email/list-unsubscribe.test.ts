import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWithResend, toResendBody } from "../../../app/server/email/resend.server";
import { sendWithSendGrid, toSendGridBody } from "../../../app/server/email/sendgrid.server";
import { listUnsubscribeHeaders } from "../../../app/server/notifications/compose.server";
import { startFakeSendGrid, validateMailSend, type FakeSendGrid } from "../../fakes/sendgrid";
import { confirmationEmail } from "./fixtures";

// Optional message headers (List-Unsubscribe on reminders and follow-ups) reach
// both providers in their own wire formats, and SendGrid's spec accepts them.

const url = "https://bookings.example.com/unsubscribe/a.b.c";
const reminder = () => confirmationEmail({ kind: "reminder", attachments: undefined, headers: listUnsubscribeHeaders(url) });

let fake: FakeSendGrid;
beforeAll(async () => {
  fake = await startFakeSendGrid();
});
afterAll(async () => {
  await fake.close();
});

describe("List-Unsubscribe headers", () => {
  it("are the RFC 2369 link in angle brackets and the RFC 8058 one-click marker", () => {
    expect(listUnsubscribeHeaders(url)).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });

  it("go into SendGrid's top-level headers object, which the OpenAPI spec accepts", async () => {
    const body = toSendGridBody(reminder()) as Record<string, unknown>;
    expect(body.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(validateMailSend(body)).toEqual([]);
    const result = await sendWithSendGrid(reminder(), { apiKey: fake.apiKey, baseUrl: fake.url });
    expect(result.ok).toBe(true);
    expect((fake.messages.at(-1) as Record<string, unknown>).headers).toEqual(body.headers);
  });

  it("go into Resend's headers", async () => {
    expect(toResendBody(reminder()).headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const result = await sendWithResend(reminder(), { apiKey: fake.resendApiKey, baseUrl: fake.url });
    expect(result.ok).toBe(true);
    expect((fake.resendMessages.at(-1) as Record<string, unknown>).headers).toEqual(listUnsubscribeHeaders(url));
  });

  it("are left out when a message has none", () => {
    expect(toSendGridBody(confirmationEmail())).not.toHaveProperty("headers");
    expect(toSendGridBody(confirmationEmail({ headers: {} }))).not.toHaveProperty("headers");
    expect(toResendBody(confirmationEmail())).not.toHaveProperty("headers");
  });
});
