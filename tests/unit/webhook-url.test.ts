import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webhookEndpointSchema } from "~/domain/webhook-endpoint-form";
import { isWebhookEventType, webhookEventLabel, WEBHOOK_EVENT_TYPES } from "~/domain/webhook-events";
import { checkWebhookUrl, isPrivateHost, webhookUrlPolicy } from "~/domain/webhook-url";

const production = webhookUrlPolicy("production");
const development = webhookUrlPolicy("development");

describe("webhook URLs", () => {
  it("accepts a public https URL everywhere", () => {
    expect(checkWebhookUrl(" https://hooks.example.com/studio?x=1 ", production)).toEqual({ ok: true, url: "https://hooks.example.com/studio?x=1" });
    expect(webhookUrlPolicy("staging")).toEqual(production);
  });

  it("takes http only in development and tests", () => {
    expect(checkWebhookUrl("http://hooks.example.com/", production)).toMatchObject({ ok: false, message: expect.stringContaining("https://") });
    expect(checkWebhookUrl("http://127.0.0.1:9000/hook", development)).toMatchObject({ ok: true });
    expect(webhookUrlPolicy("test")).toEqual(development);
    expect(checkWebhookUrl("ftp://hooks.example.com/", development)).toMatchObject({ ok: false });
  });

  it.each([
    "https://localhost/hook",
    "https://api.localhost/hook",
    "https://127.0.0.1/",
    "https://127.1.2.3/",
    "https://2130706433/", // 127.0.0.1 written as a number
    "https://0x7f.0.0.1/",
    "https://10.1.2.3/",
    "https://172.16.0.1/",
    "https://172.31.255.255/",
    "https://192.168.1.10/",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/",
    "https://0.0.0.0/",
    "https://[::1]/",
    "https://[::]/",
    "https://[fd00::1]/",
    "https://[fe80::1]/",
    "https://[::ffff:10.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://printer.local/",
    "https://db.internal/",
    "https://intranet/",
  ])("refuses the private or loopback address %s in production", (url) => {
    expect(checkWebhookUrl(url, production)).toMatchObject({ ok: false, message: expect.stringContaining("private network") });
  });

  it.each(["https://172.32.0.1/", "https://8.8.8.8/", "https://[2606:4700::1111]/", "https://[::ffff:8.8.8.8]/", "https://hooks.zapier.com/x"])(
    "takes the public address %s",
    (url) => {
      expect(checkWebhookUrl(url, production)).toMatchObject({ ok: true });
    },
  );

  it("refuses credentials, fragments and text that isn't a URL, with a message for each", () => {
    expect(checkWebhookUrl("https://user:pw@hooks.example.com/", production)).toMatchObject({ ok: false, message: expect.stringContaining("passwords") });
    expect(checkWebhookUrl("https://hooks.example.com/#x", production)).toMatchObject({ ok: false, message: expect.stringContaining("fragment") });
    expect(checkWebhookUrl("hooks.example.com", production)).toMatchObject({ ok: false, message: expect.stringContaining("full URL") });
  });

  it("never lets any 10.x, 127.x or 192.168.x address through in production", () => {
    fc.assert(
      fc.property(fc.constantFrom(10, 127, 192), fc.nat(255), fc.nat(255), fc.nat(255), (a, b, c, d) => {
        const host = a === 192 ? `192.168.${c}.${d}` : `${a}.${b}.${c}.${d}`;
        return isPrivateHost(new URL(`https://${host}/`).hostname) && !checkWebhookUrl(`https://${host}/`, production).ok;
      }),
    );
  });
});

describe("the endpoint form", () => {
  const schema = webhookEndpointSchema(production);

  it("takes a URL, at least one known event (once each) and an optional description", () => {
    const parsed = schema.safeParse({ intent: "create", url: "https://hooks.example.com/a", events: ["consultation.booked", "consultation.booked"], description: " CRM " });
    expect(parsed).toMatchObject({ success: true, data: { url: "https://hooks.example.com/a", events: ["consultation.booked"], description: "CRM" } });
  });

  it("names the problem with each field", () => {
    const parsed = schema.safeParse({ intent: "create", url: "http://10.0.0.1/", events: ["consultation.exploded"] });
    expect(parsed.success).toBe(false);
    const errors = parsed.error!.flatten().fieldErrors;
    expect(errors.url?.[0]).toContain("https://");
    expect(errors.events?.[0]).toBe("Pick events from the list");
    expect(schema.safeParse({ intent: "create", url: "https://hooks.example.com/", events: [] }).error!.flatten().fieldErrors.events).toEqual([
      "Pick at least one event to send",
    ]);
  });
});

describe("webhook events", () => {
  it("knows its event types and labels them", () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual([
      "consultation.booked",
      "consultation.rescheduled",
      "consultation.cancelled",
      "consultation.completed",
      "service_request.submitted",
      "quote.sent",
      "quote.accepted",
      "quote.declined",
    ]);
    expect(isWebhookEventType("consultation.booked")).toBe(true);
    expect(isWebhookEventType("quote.lost")).toBe(false);
    expect(webhookEventLabel("quote.accepted")).toBe("Quote accepted");
    expect(webhookEventLabel("consultation.cancelled")).toBe("Consultation cancelled");
    expect(webhookEventLabel("quote.lost")).toBe("quote.lost");
  });
});
