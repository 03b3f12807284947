import { describe, expect, it } from "vitest";
import { mustSuppress, parseSendGridEvents, providerMessageIdOf, sendGridEventSchema } from "../../../app/server/email/webhook-events";

const base = {
  email: "alex@example.com",
  timestamp: 1_780_000_000,
  sg_event_id: "ZGVsaXZlcmVk",
  sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
  consultation_id: "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d",
  kind: "confirmation",
  job_id: "job-1",
};

const ev = (extra: Record<string, unknown>) => sendGridEventSchema.parse({ ...base, ...extra });

describe("parseSendGridEvents", () => {
  it("maps every tracked SendGrid event to our delivery status", () => {
    const names = ["processed", "deferred", "delivered", "bounce", "dropped", "spamreport", "unsubscribe", "group_unsubscribe", "open", "click"];
    const result = parseSendGridEvents(names.map((event, i) => ({ ...base, event, sg_event_id: `e${i}` })));
    expect(result.ok && result.updates.map((u) => u.status)).toEqual([
      "processed", "deferred", "delivered", "bounced", "dropped", "spam_report", "unsubscribed", "unsubscribed", "opened", "clicked",
    ]);
  });

  it("carries our ids and the X-Message-Id back", () => {
    const result = parseSendGridEvents([{ ...base, event: "delivered", tls: 1, "smtp-id": "<x@y>" }]);
    expect(result).toEqual({
      ok: true,
      skipped: 0,
      updates: [
        {
          sgEventId: "ZGVsaXZlcmVk",
          providerMessageId: "14c5d75ce93",
          consultationId: base.consultation_id,
          kind: "confirmation",
          jobId: "job-1",
          status: "delivered",
          occurredAt: 1_780_000_000_000,
          email: "alex@example.com",
          suppress: false,
        },
      ],
    });
  });

  it("skips malformed or untracked events one by one instead of failing the batch", () => {
    const result = parseSendGridEvents([
      { ...base, event: "delivered" },
      { event: "delivered" },
      { ...base, event: "group_resubscribe" },
      "junk",
    ]);
    expect(result.ok && [result.updates.length, result.skipped]).toEqual([1, 3]);
  });

  it("rejects a payload that is not an array", () => {
    expect(parseSendGridEvents({ event: "delivered" }).ok).toBe(false);
  });

  it("tolerates events without our custom args (e.g. sent by hand from the dashboard)", () => {
    const { consultation_id: _c, kind: _k, job_id: _j, sg_message_id: _m, ...bare } = base;
    const result = parseSendGridEvents([{ ...bare, event: "open", kind: "weird" }]);
    expect(result.ok && result.updates[0]).toMatchObject({ consultationId: null, kind: null, jobId: null, providerMessageId: null });
  });
});

describe("mustSuppress", () => {
  it("suppresses hard bounces but not blocks", () => {
    expect(mustSuppress(ev({ event: "bounce", type: "bounce", bounce_classification: "Invalid Address" }))).toBe(true);
    expect(mustSuppress(ev({ event: "bounce", type: "blocked", bounce_classification: "Reputation" }))).toBe(false);
  });

  it("suppresses drops caused by earlier bounces or spam reports only", () => {
    expect(mustSuppress(ev({ event: "dropped", reason: "Bounced Address" }))).toBe(true);
    expect(mustSuppress(ev({ event: "dropped", reason: "Spam Reporting Address" }))).toBe(true);
    expect(mustSuppress(ev({ event: "dropped", reason: "Unsubscribed Address" }))).toBe(false);
    expect(mustSuppress(ev({ event: "dropped", reason: "Invalid SMTPAPI header" }))).toBe(false);
  });

  it("suppresses spam reports and nothing else", () => {
    expect(mustSuppress(ev({ event: "spamreport" }))).toBe(true);
    for (const event of ["delivered", "deferred", "open", "click", "processed", "unsubscribe"]) {
      expect(mustSuppress(ev({ event })), event).toBe(false);
    }
  });
});

describe("providerMessageIdOf", () => {
  it("takes the part before the first dot", () => {
    expect(providerMessageIdOf("abc.def.ghi")).toBe("abc");
    expect(providerMessageIdOf("abc")).toBe("abc");
    expect(providerMessageIdOf(undefined)).toBeNull();
  });
});
