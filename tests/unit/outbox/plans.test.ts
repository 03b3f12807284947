import ICAL from "ical.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations, outboxJobs } from "~/server/db/schema.server";
import { jobsForBooking, jobsForCancellation, jobsForReschedule, type Statement } from "~/server/outbox/plans.server";
import { runDueJobs } from "~/server/outbox/runner.server";
import { startFakes, type Fakes } from "../../integration/fakes-env";
import { consultationRow, deps, startDb, testConfig, type TestDb } from "./support";

// Booking -> reschedule -> cancel through the planners and the runner, against
// a real D1 and the fake Google / SendGrid: the event is created, moved and
// deleted (never re-inserted), each email carries the invite with the same UID
// and a raised SEQUENCE, and the reminder and follow-up follow the consultation.

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let t: TestDb;
let fakes: Fakes;

beforeAll(async () => {
  [t, fakes] = await Promise.all([startDb(), startFakes()]);
});
afterAll(async () => {
  await t?.dispose();
  await fakes?.close();
});

async function batch(statements: Statement[]) {
  await t.db.batch(statements as [Statement, ...Statement[]]);
}

async function jobs(id: string) {
  return t.db.select().from(outboxJobs).where(eq(outboxJobs.consultationId, id));
}

async function row(id: string) {
  return (await t.db.select().from(consultations).where(eq(consultations.id, id)))[0];
}

function sentIcs(consultationId: string, kind: string) {
  const mails = fakes.sendgrid.messages.filter((m) => {
    const args = (m.personalizations as { custom_args: Record<string, string> }[])[0].custom_args;
    return args.consultation_id === consultationId && args.kind === kind;
  }) as { attachments?: { content: string; type: string }[] }[];
  expect(mails, `${kind} mails`).toHaveLength(1);
  const attachment = mails[0].attachments?.[0];
  if (!attachment) return undefined;
  const text = Buffer.from(attachment.content, "base64").toString("utf8");
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { text, type: attachment.type, calendar, event: calendar.getFirstSubcomponent("vevent")! };
}

describe("planners and runner: booking, reschedule, cancellation", () => {
  it("moves the event, re-invites with a raised SEQUENCE, and cancels with METHOD:CANCEL", async () => {
    const config = testConfig(fakes.vars);
    const d = deps(t.db, config);
    const now = Date.now();
    const first = Math.ceil((now + 3 * DAY) / HOUR) * HOUR;
    const booked = consultationRow(first, now);
    await batch([t.db.insert(consultations).values(booked), ...jobsForBooking(t.db, booked, now)]);
    await runDueJobs(d);

    const eventId = `c${booked.id.replace(/-/g, "")}`;
    const events = fakes.google.state.calendars.get(fakes.google.calendarId)!.events;
    expect(events.get(eventId)?.start?.dateTime).toBe(new Date(first).toISOString());
    const confirmation = sentIcs(booked.id, "confirmation")!;
    const uid = confirmation.event.getFirstPropertyValue("uid");
    expect(confirmation.event.getFirstPropertyValue("sequence")).toBe(0);

    // Reschedule a day later, as the admin/client use case would: its own UPDATE plus the planner's statements.
    const second = first + DAY;
    const moved = { ...booked, consultationDate: second, updatedAt: Date.now() };
    await batch([
      t.db.update(consultations).set({ consultationDate: second, updatedAt: moved.updatedAt }).where(eq(consultations.id, booked.id)),
      ...jobsForReschedule(t.db, moved, first, Date.now()),
    ]);
    expect((await row(booked.id)).calendarSequence).toBe(1);
    const planned = await jobs(booked.id);
    expect(planned.filter((j) => j.kind === "email.reminder" && j.status === "pending").map((j) => j.runAt)).toEqual([second - DAY]);
    expect(planned.filter((j) => j.kind === "email.follow_up" && j.status === "pending").map((j) => j.runAt)).toEqual([second + 15 * 60_000 + HOUR]);

    await runDueJobs(d);
    expect(events.get(eventId)?.start?.dateTime).toBe(new Date(second).toISOString());
    expect(events.get(eventId)?.end?.dateTime).toBe(new Date(second + 15 * 60_000).toISOString());
    const inserts = fakes.google.state.requests.filter((r) => r.route === "events.insert" && (r.body as { id: string }).id === eventId);
    expect(inserts).toHaveLength(1);
    const reschedule = sentIcs(booked.id, "reschedule")!;
    expect(reschedule.type).toBe("text/calendar; method=REQUEST");
    expect(reschedule.calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(reschedule.event.getFirstPropertyValue("uid")).toBe(uid);
    expect(reschedule.event.getFirstPropertyValue("sequence")).toBe(1);
    expect((reschedule.event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime()).toBe(second);
    expect((await row(booked.id)).calendarEventStartsAt).toBe(second);

    // Cancel.
    await batch([
      t.db.update(consultations).set({ status: "cancelled", updatedAt: Date.now() }).where(eq(consultations.id, booked.id)),
      ...jobsForCancellation(t.db, booked, Date.now()),
    ]);
    const afterCancel = await jobs(booked.id);
    expect(afterCancel.filter((j) => j.kind === "email.reminder" || j.kind === "email.follow_up").map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
    await runDueJobs(d);
    expect(events.get(eventId)?.status).toBe("cancelled");
    const cancellation = sentIcs(booked.id, "cancellation")!;
    expect(cancellation.type).toBe("text/calendar; method=CANCEL");
    expect(cancellation.calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(cancellation.event.getFirstPropertyValue("uid")).toBe(uid);
    expect(cancellation.event.getFirstPropertyValue("sequence")).toBe(2);
    expect(cancellation.event.getFirstPropertyValue("status")).toBe("CANCELLED");
    const final = await row(booked.id);
    expect(final).toMatchObject({ calendarSequence: 2, calendarEventStartsAt: null, googleCalendarEventId: eventId });
    expect((await jobs(booked.id)).every((j) => j.status === "done" || j.status === "cancelled")).toBe(true);
  });

  it("a reschedule to less than a day ahead cancels the reminder; one further out plans a new one", async () => {
    const now = Date.now();
    const c = consultationRow(Math.ceil((now + 5 * DAY) / HOUR) * HOUR, now);
    await batch([t.db.insert(consultations).values(c), ...jobsForBooking(t.db, c, now)]);

    const soon = Math.ceil((now + 6 * HOUR) / HOUR) * HOUR;
    await batch(jobsForReschedule(t.db, { ...c, consultationDate: soon }, c.consultationDate, now));
    let reminders = (await jobs(c.id)).filter((j) => j.kind === "email.reminder");
    expect(reminders.map((j) => j.status)).toEqual(["cancelled"]);

    const later = c.consultationDate + 2 * DAY;
    await batch(jobsForReschedule(t.db, { ...c, consultationDate: later }, soon, now));
    reminders = (await jobs(c.id)).filter((j) => j.kind === "email.reminder" && j.status === "pending");
    expect(reminders.map((j) => j.runAt)).toEqual([later - DAY]);
    // Still exactly one follow-up.
    expect((await jobs(c.id)).filter((j) => j.kind === "email.follow_up")).toHaveLength(1);
  });

  it("a booking less than a day ahead gets no reminder (the confirmation just went out)", async () => {
    const now = Date.now();
    const c = consultationRow(Math.ceil((now + 5 * HOUR) / HOUR) * HOUR, now);
    await batch([t.db.insert(consultations).values(c), ...jobsForBooking(t.db, c, now)]);
    expect((await jobs(c.id)).map((j) => j.kind).sort()).toEqual(["calendar.create", "email.confirmation", "email.follow_up"]);
  });
});
