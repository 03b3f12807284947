import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_VARS, startWorker, type TestWorker } from "./harness";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { book, jobOf, makeDue, settled } from "./fakes-env";

// With no Google or SendGrid configured (as under `npm start`): a local
// calendar and a local mailbox in D1, shown on /dev/calendar and /dev/mailbox.

let worker: TestWorker;
let slots: ApiSlot[];

beforeAll(async () => {
  worker = await startWorker();
  slots = (await freeSlots(worker)).filter((s) => Date.parse(s.startsAt) > Date.now() + 49 * 3600_000);
});
afterAll(() => worker?.dispose());

type Message = { id: string; kind: string; status: string; subject: string; text: string; html: string; ics: string | null; provider: string };

async function messagesOf(id: string): Promise<Message[]> {
  const { results } = await worker.db
    .prepare("SELECT * FROM email_messages WHERE consultation_id = ? ORDER BY created_at")
    .bind(id)
    .all<Message>();
  return results;
}

describe("the local mailbox", () => {
  it("keeps the confirmation with its HTML, text and an ICS invite a real parser reads", async () => {
    const slot = slots.shift()!;
    const { id } = await book(
      worker,
      bookingBody(slot.startsAt, {
        projectName: "Night, Drive; Vol\\2",
        projectDescription: "Line one\nLine two, with a comma; and a semicolon",
        customerName: "Zoë O'Brien",
        timeZone: "America/New_York",
      }),
    );
    await settled(worker, id);
    const [message] = await messagesOf(id);
    expect(message).toMatchObject({ kind: "confirmation", provider: "local", status: "sent" });
    expect(message.subject).toBe("Your consultation is confirmed - Night, Drive; Vol\\2");
    expect(message.html).toContain("Zoë O&#39;Brien");
    expect(message.text).toContain("A calendar invite is attached.");

    const ics = message.ics!;
    expect(ics.split("\r\n").every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    const event = calendar.getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("uid")).toBe(`consultation-${id}@127.0.0.1`);
    expect(event.getFirstPropertyValue("sequence")).toBe(0);
    expect(event.getFirstPropertyValue("status")).toBe("CONFIRMED");
    const start = event.getFirstPropertyValue("dtstart") as ICAL.Time;
    expect(start.zone?.tzid).toBe("UTC");
    expect(start.toJSDate().toISOString()).toBe(slot.startsAt);
    expect((event.getFirstPropertyValue("dtend") as ICAL.Time).toJSDate().toISOString()).toBe(slot.endsAt);
    // The start in the client's zone, in their locale (en-GB here: no Accept-Language).
    const newYork = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "America/New_York" }).format(Date.parse(slot.startsAt));
    expect(event.getFirstPropertyValue("summary")).toBe(`Consultation with Test Studio at ${newYork} (America/New_York): Night, Drive; Vol\\2`);
    expect(event.getFirstPropertyValue("description")).toContain('about "Night, Drive; Vol\\2"');
    expect(event.getFirstPropertyValue("organizer")).toBe("mailto:bookings@example.com");
    const attendee = event.getFirstProperty("attendee")!;
    expect(attendee.getFirstValue()).toBe("mailto:ada@example.com");
    expect(attendee.getParameter("cn")).toBe("Zoë O'Brien");
  });

  it("is on /dev/mailbox, and the event on /dev/calendar, under APP_ENV=test", async () => {
    const slot = slots.shift()!;
    const { id } = await book(worker, bookingBody(slot.startsAt, { projectName: "Mailbox <Check>" }));
    await settled(worker, id);
    const mailbox = await worker.fetch("/dev/mailbox");
    expect(mailbox.status).toBe(200);
    const html = await mailbox.text();
    expect(html).toContain("Your consultation is confirmed - Mailbox &lt;Check&gt;");
    expect(html).toMatch(/<iframe[^>]*sandbox=""[^>]*srcDoc=|<iframe[^>]*srcDoc=[^>]*sandbox=""/i);
    expect(html).toContain("BEGIN:VCALENDAR");

    const calendar = await worker.fetch("/dev/calendar");
    expect(calendar.status).toBe(200);
    expect(await calendar.text()).toContain(`consultation ${id}`);
    const { results } = await worker.db
      .prepare("SELECT id, starts_at, ends_at, status FROM local_calendar_events WHERE consultation_id = ?")
      .bind(id)
      .all<{ id: string; starts_at: number; ends_at: number; status: string }>();
    expect(results).toEqual([{ id: `c${id.replace(/-/g, "")}`, starts_at: Date.parse(slot.startsAt), ends_at: Date.parse(slot.endsAt), status: "confirmed" }]);
  });

  it("a busy block on the local calendar hides its slots", async () => {
    const slot = slots.shift()!;
    const date = new Date(Date.parse(slot.startsAt)).toISOString().slice(0, 10);
    const time = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(new Date(slot.startsAt));
    const res = await worker.postForm("/dev/calendar", { date, time, minutes: "30", summary: "Mixing session" });
    expect(res.status).toBe(200);
    const offered = (await freeSlots(worker)).map((s) => s.startsAt);
    expect(offered).not.toContain(slot.startsAt);
    const blocked = await worker.postJson("/api/consultations", bookingBody(slot.startsAt));
    expect(blocked.status).toBe(409);
    expect(((await blocked.json()) as { reason: string }).reason).toBe("studio_busy");
    slots = slots.filter((s) => !(Date.parse(s.startsAt) < Date.parse(slot.startsAt) + 30 * 60_000 && Date.parse(s.startsAt) >= Date.parse(slot.startsAt)));
  });
});

describe("reminders, follow-ups and unsubscribing", () => {
  it("the reminder's unsubscribe link works without JavaScript and stops the follow-up, not confirmations", async () => {
    const slot = slots.shift()!;
    const email = "unsub@example.com";
    const { id } = await book(worker, bookingBody(slot.startsAt, { customerEmail: email }));
    await settled(worker, id);
    const reminder = await jobOf(worker, id, "email.reminder");
    expect(reminder.run_at).toBe(Date.parse(slot.startsAt) - 24 * 3600_000);
    await makeDue(worker, `id = '${reminder.id}'`);
    await worker.scheduled();
    const sent = (await messagesOf(id)).find((m) => m.kind === "reminder")!;
    expect(sent.subject).toMatch(/^Reminder: your consultation tomorrow/);
    expect(sent.ics).toBeNull();
    const link = /http:\/\/127\.0\.0\.1:8787(\/unsubscribe\/[\w.-]+)/.exec(sent.text)?.[1];
    expect(link).toBeDefined();
    expect(sent.html).toContain(`href="http://127.0.0.1:8787${link}"`);

    const page = await worker.fetch(link!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post"/);
    expect(html).toContain("u****@example.com");
    expect(html).not.toContain(email);
    // A plain form post, as a browser without JavaScript sends it.
    const posted = await worker.postForm(link!, {});
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("You&#x27;re unsubscribed");
    const row = await worker.db.prepare("SELECT reason FROM email_suppressions WHERE email = ?").bind(email).first();
    expect(row).toEqual({ reason: "unsubscribe" });

    const followUp = await jobOf(worker, id, "email.follow_up");
    await makeDue(worker, `id = '${followUp.id}'`);
    await worker.scheduled();
    expect((await jobOf(worker, id, "email.follow_up")).result).toMatch(/^suppressed/);
    expect((await messagesOf(id)).find((m) => m.kind === "follow_up")).toMatchObject({ status: "suppressed", provider: "none" });

    // Transactional mail still goes.
    const again = await book(worker, bookingBody(slots.shift()!.startsAt, { customerEmail: email }));
    await settled(worker, again.id);
    expect((await messagesOf(again.id)).map((m) => [m.kind, m.status])).toEqual([["confirmation", "sent"]]);
  });

  it("a bad unsubscribe token is a 404", async () => {
    expect((await worker.fetch("/unsubscribe/not-a-token")).status).toBe(404);
    expect((await worker.postForm("/unsubscribe/not.a.token", {})).status).toBe(404);
  });
});

describe("dev pages outside development", () => {
  it("are 404 in production", async () => {
    const production = await startWorker({
      vars: { ...BASE_VARS, APP_ENV: "production", SESSION_SECRET: "s".repeat(48), LINK_SIGNING_SECRET: "l".repeat(48) },
    });
    try {
      expect((await production.fetch("/dev/mailbox")).status).toBe(404);
      expect((await production.fetch("/dev/calendar")).status).toBe(404);
      expect((await production.postForm("/dev/mailbox", {})).status).toBe(404);
    } finally {
      await production.dispose();
    }
  });
});
