import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWorker, type TestWorker } from "./harness";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { book, jobOf, jobsOf, mailFor, makeDue, settled, startFakes, type Fakes } from "./fakes-env";

// The outbox through the real worker, against fake Google and fake SendGrid on
// 127.0.0.1: a booking never waits on either, and after the jobs have run there
// is exactly one calendar event and one confirmation per booking, whatever the
// outside systems did in between.

let fakes: Fakes;
let worker: TestWorker;
let slots: ApiSlot[];

beforeAll(async () => {
  fakes = await startFakes();
  worker = await startWorker({ vars: fakes.vars });
  // Slots at least two days ahead, so every booking gets its reminder.
  slots = (await freeSlots(worker)).filter((s) => Date.parse(s.startsAt) > Date.now() + 49 * 3600_000);
});
afterAll(async () => {
  await worker?.dispose();
  await fakes?.close();
});
beforeEach(() => {
  fakes.google.clearFaults();
  fakes.sendgrid.clearFaults();
});

function nextSlot(): ApiSlot {
  const slot = slots.shift();
  if (!slot) throw new Error("ran out of free slots");
  return slot;
}

function eventIdOf(consultationId: string) {
  return `c${consultationId.replace(/-/g, "")}`;
}

function eventsFor(consultationId: string) {
  const calendar = fakes.google.state.calendars.get(fakes.google.calendarId)!;
  return [...calendar.events.values()].filter((e) => e.extendedProperties?.private?.consultationId === consultationId);
}

function successfulInserts(consultationId: string) {
  return fakes.google.state.requests.filter(
    (r) => r.route === "events.insert" && !r.fault && (r.body as { id?: string })?.id === eventIdOf(consultationId),
  );
}

async function consultationRow(id: string) {
  return worker.db.prepare("SELECT * FROM consultations WHERE id = ?").bind(id).first<Record<string, unknown>>();
}

describe("after a booking", () => {
  it("creates one calendar event and sends one confirmation with the invite, right after the response", async () => {
    const slot = nextSlot();
    const { id, ms } = await book(worker, bookingBody(slot.startsAt));
    expect(ms).toBeLessThan(3000);
    const jobs = await settled(worker, id);

    expect(jobs.map((j) => [j.kind, j.status])).toEqual([
      ["calendar.create", "done"],
      ["email.confirmation", "done"],
      ["email.reminder", "pending"],
      ["email.follow_up", "pending"],
    ]);
    const [event] = eventsFor(id);
    expect(eventsFor(id)).toHaveLength(1);
    expect(event.id).toBe(eventIdOf(id));
    expect(event.start?.dateTime).toBe(slot.startsAt);
    expect(event.end?.dateTime).toBe(slot.endsAt);
    expect(event.summary).toContain("Night Drive");
    // Without domain-wide delegation the service account invites nobody: our ICS does.
    expect(event.attendees).toBeUndefined();
    expect(successfulInserts(id)[0]?.query.sendUpdates).toBe("none");

    const row = await consultationRow(id);
    expect(row).toMatchObject({
      google_calendar_event_id: eventIdOf(id),
      calendar_event_starts_at: Date.parse(slot.startsAt),
      calendar_sequence: 0,
      calendar_checked: 1,
    });

    const mails = mailFor(fakes.sendgrid, id, "confirmation");
    expect(mails).toHaveLength(1);
    const mail = mails[0] as { subject: string; attachments: { type: string; filename: string }[]; categories: string[]; personalizations: { custom_args: Record<string, string> }[] };
    expect(mail.subject).toBe("Your consultation is confirmed - Night Drive");
    expect(mail.attachments).toEqual([expect.objectContaining({ type: "text/calendar; method=REQUEST", filename: "invite.ics" })]);
    expect(mail.categories).toEqual(["confirmation"]);
    // Ids and kinds only: no names or addresses in what SendGrid cannot redact.
    expect(Object.keys(mail.personalizations[0].custom_args).sort()).toEqual(["consultation_id", "job_id", "kind"]);
    expect(fakes.sendgrid.validate(mail)).toEqual([]);

    const { results: messages } = await worker.db
      .prepare("SELECT kind, provider, status, provider_message_id, html FROM email_messages WHERE consultation_id = ?")
      .bind(id)
      .all<{ kind: string; provider: string; status: string; provider_message_id: string | null; html: string | null }>();
    expect(messages).toEqual([{ kind: "confirmation", provider: "sendgrid", status: "sent", provider_message_id: expect.any(String), html: null }]);
  });

  it("plans the reminder at start - 24 h and the follow-up an hour after the end", async () => {
    const slot = nextSlot();
    const { id } = await book(worker, bookingBody(slot.startsAt));
    const reminder = await jobOf(worker, id, "email.reminder");
    const followUp = await jobOf(worker, id, "email.follow_up");
    expect(reminder.run_at).toBe(Date.parse(slot.startsAt) - 24 * 3600_000);
    expect(followUp.run_at).toBe(Date.parse(slot.endsAt) + 3600_000);
    await settled(worker, id);

    await makeDue(worker, `id = '${reminder.id}'`);
    await worker.scheduled();
    expect((await jobOf(worker, id, "email.reminder")).status).toBe("done");
    const [mail] = mailFor(fakes.sendgrid, id, "reminder") as { subject: string; content: { value: string }[]; attachments?: unknown }[];
    expect(mail.subject).toMatch(/^Reminder: your consultation tomorrow/);
    expect(mail.attachments).toBeUndefined();
    expect(mail.content[0].value).toMatch(/Unsubscribe from reminders and follow-ups: http:\/\/127\.0\.0\.1:8787\/unsubscribe\/[\w-]+\.[\w-]+\.[\w-]+/);
  });
});

describe("outages never lose or double anything", () => {
  it("Google answers 500: the booking succeeds, the cron creates the event once", async () => {
    fakes.google.setFault({ path: "events.insert", mode: "500", times: 1 });
    const slot = nextSlot();
    const { id, ms } = await book(worker, bookingBody(slot.startsAt));
    expect(ms).toBeLessThan(3000);
    const jobs = await settled(worker, id);
    const create = jobs.find((j) => j.kind === "calendar.create")!;
    expect(create).toMatchObject({ status: "pending", attempts: 1 });
    expect(create.last_error).toMatch(/500/);
    // Backoff: the first retry waits between 15 and 30 seconds.
    expect(create.run_at - Date.now()).toBeGreaterThan(10_000);
    expect(create.run_at - Date.now()).toBeLessThanOrEqual(30_000);
    expect(jobs.find((j) => j.kind === "email.confirmation")?.status).toBe("done");

    await worker.scheduled(); // not due yet: nothing happens
    expect((await jobOf(worker, id, "calendar.create")).attempts).toBe(1);
    await makeDue(worker, `id = '${create.id}'`);
    await worker.scheduled();
    expect(await jobOf(worker, id, "calendar.create")).toMatchObject({ status: "done", attempts: 2 });
    expect(eventsFor(id)).toHaveLength(1);
    expect(mailFor(fakes.sendgrid, id, "confirmation")).toHaveLength(1);
  });

  it("Google answers 429 with Retry-After: the retry waits that long", async () => {
    fakes.google.setFault({ path: "events.insert", mode: "429", retryAfter: 120, times: 1 });
    const slot = nextSlot();
    const { id } = await book(worker, bookingBody(slot.startsAt));
    const create = (await settled(worker, id)).find((j) => j.kind === "calendar.create")!;
    expect(create.status).toBe("pending");
    const wait = create.run_at - Date.now();
    expect(wait).toBeGreaterThan(110_000);
    expect(wait).toBeLessThanOrEqual(132_000);
    await makeDue(worker, `id = '${create.id}'`);
    await worker.scheduled();
    expect((await jobOf(worker, id, "calendar.create")).status).toBe("done");
    expect(eventsFor(id)).toHaveLength(1);
  });

  it("Google times out: the booking answers at once, the job retries", async () => {
    fakes.google.setFault({ path: "events.insert", mode: "timeout", times: 1 });
    const slot = nextSlot();
    const { id, ms } = await book(worker, bookingBody(slot.startsAt));
    expect(ms).toBeLessThan(3000);
    const create = (await settled(worker, id)).find((j) => j.kind === "calendar.create")!;
    expect(create).toMatchObject({ status: "pending", attempts: 1 });
    expect(create.last_error).toMatch(/timed out/);
    await makeDue(worker, `id = '${create.id}'`);
    await worker.scheduled();
    expect((await jobOf(worker, id, "calendar.create")).status).toBe("done");
    expect(eventsFor(id)).toHaveLength(1);
  });

  it("SendGrid answers 500, then 202: one confirmation", async () => {
    fakes.sendgrid.setFault({ path: "mail.send", mode: "500", times: 1 });
    const slot = nextSlot();
    const { id } = await book(worker, bookingBody(slot.startsAt));
    const confirmation = (await settled(worker, id)).find((j) => j.kind === "email.confirmation")!;
    expect(confirmation).toMatchObject({ status: "pending", attempts: 1 });
    expect(mailFor(fakes.sendgrid, id, "confirmation")).toHaveLength(0);
    await makeDue(worker, `id = '${confirmation.id}'`);
    await worker.scheduled();
    await worker.scheduled();
    expect(await jobOf(worker, id, "email.confirmation")).toMatchObject({ status: "done", attempts: 2 });
    expect(mailFor(fakes.sendgrid, id, "confirmation")).toHaveLength(1);
    expect(eventsFor(id)).toHaveLength(1);
  });

  it("a job that keeps failing ends up dead after its attempts", async () => {
    fakes.sendgrid.setFault({ path: "mail.send", mode: "503" });
    const slot = nextSlot();
    const { id } = await book(worker, bookingBody(slot.startsAt));
    const confirmation = (await settled(worker, id)).find((j) => j.kind === "email.confirmation")!;
    await worker.db.prepare("UPDATE outbox_jobs SET attempts = max_attempts - 1, run_at = 0 WHERE id = ?").bind(confirmation.id).run();
    await worker.scheduled();
    const dead = await jobOf(worker, id, "email.confirmation");
    expect(dead.status).toBe("dead");
    expect(dead.last_error).toMatch(/503/);
    // A retry (what the admin's button does) with SendGrid back: sent once.
    fakes.sendgrid.clearFaults();
    await worker.db.prepare("UPDATE outbox_jobs SET status = 'pending', attempts = 0, run_at = 0 WHERE id = ?").bind(dead.id).run();
    await worker.scheduled();
    expect((await jobOf(worker, id, "email.confirmation")).status).toBe("done");
    expect(mailFor(fakes.sendgrid, id, "confirmation")).toHaveLength(1);
  });

  it("overlapping cron runs never run the same job twice", async () => {
    fakes.google.setFault({ path: "events.insert", mode: "503" });
    fakes.sendgrid.setFault({ path: "mail.send", mode: "503" });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await book(worker, bookingBody(nextSlot().startsAt, { customerEmail: `overlap${i}@example.com` }))).id);
    for (const id of ids) await settled(worker, id);
    fakes.google.clearFaults();
    fakes.sendgrid.clearFaults();
    await makeDue(worker, `kind IN ('calendar.create', 'email.confirmation') AND consultation_id IN (${ids.map((i) => `'${i}'`).join(",")})`);

    await Promise.all([worker.scheduled(), worker.scheduled(), worker.scheduled(), worker.scheduled()]);

    for (const id of ids) {
      const jobs = await jobsOf(worker, id);
      for (const kind of ["calendar.create", "email.confirmation"]) {
        expect(jobs.find((j) => j.kind === kind), `${kind} of ${id}`).toMatchObject({ status: "done", attempts: 2 });
      }
      expect(successfulInserts(id)).toHaveLength(1);
      expect(eventsFor(id)).toHaveLength(1);
      expect(mailFor(fakes.sendgrid, id, "confirmation")).toHaveLength(1);
    }
  });
});
