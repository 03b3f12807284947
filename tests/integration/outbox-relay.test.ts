import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RelayMode, type TestWorker } from "./harness";
import { bookingBody, freeSlots, type ApiSlot } from "./booking-data";
import { book, jobOf, mailFor, settled, startFakes, waitFor, type Fakes } from "./fakes-env";

// The outbox's queue relay (docs/decisions/0047) through the real worker: a
// booking's jobs run on the queue consumer, not the request; a relay that
// fails loses nothing (the cron runs the jobs); a job the consumer and the
// cron both see runs once; an environment without the queue runs the jobs
// right after the response as before.

let fakes: Fakes;
let slots: ApiSlot[];

type LogLine = { event?: string; trigger?: string; consultationId?: string; consultationIds?: string; claimed?: number };

async function workerWith(relay: RelayMode) {
  const logs: LogLine[] = [];
  const worker = await startWorker({
    vars: fakes.vars,
    relay,
    onLog: (message) => {
      try {
        logs.push(JSON.parse(message) as LogLine);
      } catch {
        // not one of ours
      }
    },
  });
  if (!slots) slots = (await freeSlots(worker)).filter((s) => Date.parse(s.startsAt) > Date.now() + 49 * 3600_000);
  return { worker, logs };
}

function nextSlot(): ApiSlot {
  const slot = slots.shift();
  if (!slot) throw new Error("ran out of free slots");
  return slot;
}

function calendarInserts(consultationId: string) {
  const eventId = `c${consultationId.replace(/-/g, "")}`;
  return fakes.google.state.requests.filter((r) => r.route === "events.insert" && !r.fault && (r.body as { id?: string })?.id === eventId);
}

beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes?.close();
});

describe("with the queue relay", () => {
  let worker: TestWorker;
  let logs: LogLine[];
  beforeAll(async () => {
    ({ worker, logs } = await workerWith("queue"));
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it("delivers a booking's confirmation and calendar event through the consumer, not the request", async () => {
    const { id } = await book(worker, bookingBody(nextSlot().startsAt, { customerEmail: "relay@example.com" }));
    const [mail] = await waitFor(async () => mailFor(fakes.sendgrid, id, "confirmation").length > 0 && mailFor(fakes.sendgrid, id, "confirmation"), "the confirmation");
    expect((mail.personalizations as { to: { email: string }[] }[])[0].to[0].email).toBe("relay@example.com");
    const jobs = await settled(worker, id);
    expect(jobs.filter((j) => j.kind === "calendar.create" || j.kind === "email.confirmation").map((j) => j.status)).toEqual(["done", "done"]);
    expect(calendarInserts(id)).toHaveLength(1);
    // The consumer ran them; the request ran no outbox work of its own.
    await waitFor(async () => logs.some((l) => l.event === "outbox.run" && l.trigger === "relay" && (l.claimed ?? 0) > 0), "the relay's run");
    expect(logs.filter((l) => l.event === "outbox.run" && l.trigger === "request")).toEqual([]);
  });

  it("runs a job once when the consumer, a repeated message and the cron all see it", async () => {
    const { id } = await book(worker, bookingBody(nextSlot().startsAt));
    // The same "due" message twice more, and the cron, all at once with the booking's own message.
    const queue = await worker.mf.getQueueProducer<{ consultationIds: string[] }>("OUTBOX_QUEUE");
    await Promise.all([
      queue.send({ consultationIds: [id] }, { contentType: "json" }),
      queue.send({ consultationIds: [id] }, { contentType: "json" }),
      worker.scheduled(),
    ]);
    await waitFor(async () => mailFor(fakes.sendgrid, id, "confirmation").length > 0, "the confirmation");
    await settled(worker, id);
    // Every message has been consumed before counting (a late consumer would have found nothing to claim anyway).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mailFor(fakes.sendgrid, id, "confirmation")).toHaveLength(1);
    expect(calendarInserts(id)).toHaveLength(1);
    expect((await jobOf(worker, id, "email.confirmation")).attempts).toBe(1);
    expect((await jobOf(worker, id, "calendar.create")).attempts).toBe(1);
  });
});

describe("when the relay's send fails", () => {
  let worker: TestWorker;
  let logs: LogLine[];
  beforeAll(async () => {
    ({ worker, logs } = await workerWith("failing"));
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it("still books, logs the failure, and the cron's sweep runs the jobs", async () => {
    const { id } = await book(worker, bookingBody(nextSlot().startsAt));
    await waitFor(async () => logs.some((l) => l.event === "outbox.relay_failed" && l.consultationIds === id), "the relay failure in the log");
    // Nothing ran the jobs: they wait in D1.
    expect((await jobOf(worker, id, "email.confirmation")).status).toBe("pending");
    expect(mailFor(fakes.sendgrid, id)).toEqual([]);

    await worker.scheduled();
    const jobs = await settled(worker, id);
    expect(jobs.filter((j) => j.kind === "calendar.create" || j.kind === "email.confirmation").map((j) => j.status)).toEqual(["done", "done"]);
    expect(mailFor(fakes.sendgrid, id, "confirmation")).toHaveLength(1);
    expect(calendarInserts(id)).toHaveLength(1);
  });
});

describe("without the queue binding", () => {
  let worker: TestWorker;
  let logs: LogLine[];
  beforeAll(async () => {
    ({ worker, logs } = await workerWith("none"));
  });
  afterAll(async () => {
    await worker?.dispose();
  });

  it("runs the booking's jobs right after the response, on the request (waitUntil)", async () => {
    const { id } = await book(worker, bookingBody(nextSlot().startsAt));
    await waitFor(async () => mailFor(fakes.sendgrid, id, "confirmation").length > 0, "the confirmation");
    // The run logs its summary when all its jobs are done, which can be after the email reached SendGrid.
    await waitFor(async () => logs.some((l) => l.event === "outbox.run" && l.trigger === "request" && l.consultationId === id), "the request's run");
    expect(logs.some((l) => l.event === "outbox.relay_failed")).toBe(false);
  });
});
