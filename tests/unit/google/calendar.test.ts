import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleConsultation } from "../../../app/server/email/templates.server";
import { createCalendarClient, type CalendarClient } from "../../../app/server/google/calendar.server";
import { buildConsultationEvent, buildReschedulePatch } from "../../../app/server/google/event-body.server";
import { calendarEventIdFor } from "../../../app/server/google/event-id";
import {
  accessTokenGetter,
  AccessTokenError,
  clearAccessTokenCache,
  parseServiceAccountKey,
  type ServiceAccountKey,
} from "../../../app/server/google/service-account.server";
import { startFakeGoogle, type FakeGoogle } from "../../fakes/google";

let fake: FakeGoogle;
let key: ServiceAccountKey;
let calendar: CalendarClient;

function client(overrides: Partial<Parameters<typeof createCalendarClient>[0]> = {}): CalendarClient {
  return createCalendarClient({
    baseUrl: `${fake.url}/calendar/v3`,
    calendarId: fake.calendarId,
    getToken: accessTokenGetter({ key, timeoutMs: 300 }),
    timeoutMs: 300,
    ...overrides,
  });
}

beforeAll(async () => {
  fake = await startFakeGoogle();
  const parsed = parseServiceAccountKey(fake.serviceAccountKey);
  if (!parsed.ok) throw new Error(parsed.error);
  key = parsed.key;
  calendar = client();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.state.requests.length = 0;
  fake.state.calendars.get(fake.calendarId)!.events.clear();
  fake.state.calendars.get(fake.calendarId)!.busy.length = 0;
  fake.setFreeBusyErrors([]);
  clearAccessTokenCache();
});

const consultation = (id = crypto.randomUUID()) => ({ ...sampleConsultation(), id });

describe("calendar client against the fake Google Calendar", () => {
  it("inserts an event with the derived id and sendUpdates", async () => {
    const c = consultation();
    const result = await calendar.insertEvent(buildConsultationEvent(c), { sendUpdates: "none" });
    expect(result).toMatchObject({ ok: true, alreadyExisted: false, data: { id: calendarEventIdFor(c.id), status: "confirmed" } });
    const insert = fake.state.requests.find((r) => r.route === "events.insert")!;
    expect(insert.query).toEqual({ sendUpdates: "none" });
    expect(insert.headers.authorization).toMatch(/^Bearer ya29\./);
    expect(insert.path).toBe(`/calendar/v3/calendars/${encodeURIComponent(fake.calendarId)}/events`);
  });

  it("treats 409 on a retried insert as success", async () => {
    const event = buildConsultationEvent(consultation());
    await calendar.insertEvent(event, { sendUpdates: "none" });
    const retry = await calendar.insertEvent(event, { sendUpdates: "none" });
    expect(retry).toMatchObject({ ok: true, alreadyExisted: true, data: { id: event.id } });
    expect(fake.state.calendars.get(fake.calendarId)!.events.size).toBe(1);
  });

  it("gets and patches an event", async () => {
    const c = consultation();
    const id = calendarEventIdFor(c.id);
    await calendar.insertEvent(buildConsultationEvent(c), { sendUpdates: "none" });
    const moved = { ...c, startsAt: Date.UTC(2026, 11, 3, 10), endsAt: Date.UTC(2026, 11, 3, 10, 15) };
    const patched = await calendar.patchEvent(id, buildReschedulePatch(moved), { sendUpdates: "all" });
    expect(patched).toMatchObject({ ok: true, data: { id, start: { dateTime: "2026-12-03T10:00:00.000Z" }, sequence: 1 } });
    const got = await calendar.getEvent(id);
    expect(got).toMatchObject({ ok: true, data: { end: { dateTime: "2026-12-03T10:15:00.000Z" }, extendedProperties: { private: { consultationId: c.id } } } });
    expect(fake.state.requests.find((r) => r.route === "events.patch")!.query).toEqual({ sendUpdates: "all" });
  });

  it("reports a missing event on get and patch as a final failure", async () => {
    expect(await calendar.getEvent("cmissing0000")).toMatchObject({ ok: false, status: 404, retryable: false });
    expect(await calendar.patchEvent("cmissing0000", { summary: "x" }, { sendUpdates: "none" })).toMatchObject({ ok: false, status: 404, retryable: false });
  });

  it("deletes twice without complaint (410 the second time), and the id stays taken", async () => {
    const event = buildConsultationEvent(consultation());
    await calendar.insertEvent(event, { sendUpdates: "none" });
    expect(await calendar.deleteEvent(event.id!, { sendUpdates: "none" })).toEqual({ ok: true, data: { alreadyGone: false } });
    expect(await calendar.deleteEvent(event.id!, { sendUpdates: "none" })).toEqual({ ok: true, data: { alreadyGone: true } });
    expect(await calendar.deleteEvent("cneverexisted", { sendUpdates: "none" })).toEqual({ ok: true, data: { alreadyGone: true } });
    expect(await calendar.getEvent(event.id!)).toMatchObject({ ok: true, data: { status: "cancelled" } });
    // Google never frees a deleted id: re-inserting "succeeds" as a 409.
    expect(await calendar.insertEvent(event, { sendUpdates: "none" })).toMatchObject({ ok: true, alreadyExisted: true });
  });

  it("rejects an invalid event as a final failure", async () => {
    const bad = { ...buildConsultationEvent(consultation()), id: "UPPER-case" };
    expect(await calendar.insertEvent(bad, { sendUpdates: "none" })).toMatchObject({ ok: false, status: 400, retryable: false });
    const backwards = { ...buildConsultationEvent(consultation()), end: { dateTime: "2020-01-01T00:00:00Z", timeZone: "UTC" } };
    expect(await calendar.insertEvent(backwards, { sendUpdates: "none" })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("time range") });
  });

  it("needs impersonation to invite attendees", async () => {
    const event = buildConsultationEvent(consultation(), { inviteAttendee: true });
    expect(await calendar.insertEvent(event, { sendUpdates: "all" })).toMatchObject({ ok: false, status: 403, retryable: false });
    const delegated = client({ getToken: accessTokenGetter({ key, impersonate: "owner@studio.example" }) });
    expect(await delegated.insertEvent(event, { sendUpdates: "all" })).toMatchObject({ ok: true });
  });

  it("returns busy blocks from events and other busy time", async () => {
    await calendar.insertEvent(buildConsultationEvent(consultation()), { sendUpdates: "none" }); // 15:00–15:15
    fake.addBusy("2026-12-01T15:10:00Z", "2026-12-01T15:30:00Z"); // overlaps: merged
    fake.addBusy("2026-12-01T08:00:00Z", "2026-12-01T09:30:00Z"); // clipped at timeMin
    fake.addBusy("2026-12-02T08:00:00Z", "2026-12-02T09:00:00Z"); // outside
    const result = await calendar.freeBusy({ timeMin: Date.UTC(2026, 11, 1, 9), timeMax: Date.UTC(2026, 11, 1, 18) });
    expect(result).toEqual({
      ok: true,
      data: [
        { startsAt: Date.UTC(2026, 11, 1, 9), endsAt: Date.UTC(2026, 11, 1, 9, 30) },
        { startsAt: Date.UTC(2026, 11, 1, 15), endsAt: Date.UTC(2026, 11, 1, 15, 30) },
      ],
    });
    const request = fake.state.requests.find((r) => r.route === "freeBusy")!;
    expect(request.body).toEqual({ timeMin: "2026-12-01T09:00:00.000Z", timeMax: "2026-12-01T18:00:00.000Z", items: [{ id: fake.calendarId }] });
  });

  it("treats a freeBusy answer with calendar errors as a failure, not as free", async () => {
    fake.setFreeBusyErrors([{ domain: "global", reason: "backendError" }]);
    const range = { timeMin: Date.UTC(2026, 11, 1), timeMax: Date.UTC(2026, 11, 2) };
    expect(await calendar.freeBusy(range)).toMatchObject({ ok: false, retryable: true, message: expect.stringContaining("backendError") });
    const unknown = client({ calendarId: "nobody@group.calendar.google.com" });
    expect(await unknown.freeBusy(range)).toMatchObject({ ok: false, message: expect.stringContaining("notFound") });
  });

  it.each([
    ["500", 500],
    ["503", 503],
  ] as const)("reports %s as retryable, then recovers", async (mode, status) => {
    fake.setFault({ path: "events.insert", mode, times: 1 });
    const event = buildConsultationEvent(consultation());
    expect(await calendar.insertEvent(event, { sendUpdates: "none" })).toMatchObject({ ok: false, status, retryable: true });
    expect(await calendar.insertEvent(event, { sendUpdates: "none" })).toMatchObject({ ok: true, alreadyExisted: false });
  });

  it("reports 429 with retryAfterSeconds", async () => {
    fake.setFault({ path: "freeBusy", mode: "429", retryAfter: 7, times: 1 });
    const result = await calendar.freeBusy({ timeMin: Date.UTC(2026, 11, 1), timeMax: Date.UTC(2026, 11, 2) });
    expect(result).toEqual({ ok: false, status: 429, retryAfterSeconds: 7, retryable: true, message: expect.stringContaining("Rate Limit") });
  });

  it("reports a timeout as retryable", async () => {
    fake.setFault({ path: "*", mode: "timeout", times: 2 }); // the token request, then the insert
    const tokenTimeout = await calendar.insertEvent(buildConsultationEvent(consultation()), { sendUpdates: "none" });
    expect(tokenTimeout).toMatchObject({ ok: false, status: 0, retryable: true });
    fake.clearFaults();
    await accessTokenGetter({ key })();
    fake.setFault({ path: "events.insert", mode: "timeout", times: 1 });
    const insertTimeout = await calendar.insertEvent(buildConsultationEvent(consultation()), { sendUpdates: "none" });
    expect(insertTimeout).toMatchObject({ ok: false, status: 0, retryable: true, message: expect.stringContaining("timed out") });
  });

  it("passes token failures through with their own retryability", async () => {
    const broken = client({
      getToken: async () => {
        throw new AccessTokenError({ ok: false, status: 400, message: "invalid_grant", retryable: false });
      },
    });
    expect(await broken.getEvent("cabcdef")).toEqual({ ok: false, status: 400, message: "invalid_grant", retryable: false });
    const flaky = client({ getToken: async () => Promise.reject(new Error("boom")) });
    expect(await flaky.getEvent("cabcdef")).toMatchObject({ ok: false, status: 0, retryable: true });
  });

  it("rejects requests without a valid token, like Google", async () => {
    const anonymous = client({ getToken: async () => "forged" });
    expect(await anonymous.getEvent("cabcdef")).toMatchObject({ ok: false, status: 401, retryable: false });
  });

  it("treats Google's 403 rate-limit answers as retryable", async () => {
    const fetch403 = async () =>
      new Response(JSON.stringify({ error: { code: 403, message: "Rate Limit Exceeded", errors: [{ reason: "rateLimitExceeded" }] } }), {
        status: 403,
        headers: { "content-type": "application/json" },
      });
    const limited = client({ getToken: async () => "t", fetch: fetch403 });
    expect(await limited.getEvent("cabcdef")).toMatchObject({ ok: false, status: 403, retryable: true });
  });
});
