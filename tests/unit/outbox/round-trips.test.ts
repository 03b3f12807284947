import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, type Db } from "~/server/db/client.server";
import { aroundD1 } from "~/server/db/around-d1.server";
import { consultations, emailMessages, outboxJobs } from "~/server/db/schema.server";
import { bookingJobs } from "~/server/outbox/plans.server";
import { claimDueJobs, LEASE_MS, runClaimedJob, runDueJobs } from "~/server/outbox/runner.server";
import { startFakes, type Fakes } from "../../integration/fakes-env";
import { consultationRow, deps, startDb, testConfig, type TestDb } from "./support";

// The work after a booking shares the isolate with the requests (docs/decisions
// 0050, 0069): each D1 round trip it makes is a turn a booking may wait behind.
// These count them, and check that doing the job's writes in the outcome's
// batch kept the one guarantee a client notices: one email per job, ever.

const DAY = 24 * 3600_000;

let t: TestDb;
let fakes: Fakes;
beforeAll(async () => {
  [t, fakes] = await Promise.all([startDb(), startFakes()]);
});
afterAll(async () => {
  await t?.dispose();
  await fakes?.close();
});

/** The same D1, with every round trip (a statement, a batch) counted. */
function countedDb(): { db: Db; calls: () => number } {
  let calls = 0;
  const d1 = aroundD1(t.d1, (call) => {
    calls++;
    return call();
  });
  return { db: drizzle(d1, { schema }) as unknown as Db, calls: () => calls };
}

async function book(now = Date.now()) {
  const c = consultationRow(now + 3 * DAY, now);
  const jobs = bookingJobs(c, now);
  await t.db.batch([t.db.insert(consultations).values(c), t.db.insert(outboxJobs).values(jobs)]);
  return { c, jobs };
}

describe("a booking's work after the answer", () => {
  it("creates the calendar entry and sends the confirmation in five D1 round trips", async () => {
    const { c } = await book();
    const counted = countedDb();
    // The local calendar and the local mailbox, as on `npm start` and in the bench.
    const summary = await runDueJobs(deps(counted.db, testConfig()), { consultationIds: [c.id], rounds: 1 });
    expect(summary).toEqual({ claimed: 2, done: 2, retrying: 0, dead: 0 });
    // The claim with both consultations; the calendar's insert, then its
    // record with the outcome; the earlier-message and suppression checks,
    // then the message row with the outcome.
    expect(counted.calls()).toBe(5);

    const [row] = await t.db.select().from(consultations).where(eq(consultations.id, c.id));
    expect(row.googleCalendarEventId).toBeTruthy();
    expect(row.calendarEventStartsAt).toBe(c.consultationDate);
    const messages = await t.db.select().from(emailMessages).where(eq(emailMessages.consultationId, c.id));
    expect(messages.map((m) => [m.kind, m.status])).toEqual([["confirmation", "sent"]]);
  });
});

describe("one email per job, ever", () => {
  function sentFor(jobId: string) {
    return fakes.sendgrid.messages.filter((m) => (m.personalizations as { custom_args: Record<string, string> }[])[0].custom_args.job_id === jobId);
  }

  it("a confirmation whose outcome could not be recorded is not sent again when the job runs again", async () => {
    const now = Date.now();
    const { c, jobs } = await book(now);
    const confirmation = jobs.find((j) => j.kind === "email.confirmation")!;
    const d = deps(t.db, testConfig(fakes.vars), () => now);
    // D1 refuses to mark this job done (the whole outcome batch rolls back).
    await t.d1.exec(
      `CREATE TRIGGER refuse_done BEFORE UPDATE OF status ON outbox_jobs WHEN OLD.id = '${confirmation.id}' AND NEW.status = 'done' BEGIN SELECT RAISE(ABORT, 'refused'); END;`,
    );
    try {
      const claimed = await claimDueJobs(t.db, { owner: "first", now, limit: 10, consultationIds: [c.id] });
      const job = claimed.find((j) => j.id === confirmation.id)!;
      expect(await runClaimedJob(d, job, "first")).toBe("retrying");
    } finally {
      await t.d1.exec("DROP TRIGGER refuse_done;");
    }
    expect(sentFor(confirmation.id)).toHaveLength(1);
    const [stuck] = await t.db.select().from(outboxJobs).where(eq(outboxJobs.id, confirmation.id));
    expect(stuck).toMatchObject({ status: "running", leaseOwner: "first" });

    // The lease runs out; the next run takes the job back and finds the message.
    const later = now + LEASE_MS + 1;
    const again = await claimDueJobs(t.db, { owner: "second", now: later, limit: 10, consultationIds: [c.id] });
    const job = again.find((j) => j.id === confirmation.id)!;
    expect(await runClaimedJob(deps(t.db, testConfig(fakes.vars), () => later), job, "second")).toBe("done");
    const [row] = await t.db.select().from(outboxJobs).where(eq(outboxJobs.id, confirmation.id));
    expect(row.status).toBe("done");
    expect(row.result).toMatch(/^already recorded as sent .*not sent again$/);
    expect(sentFor(confirmation.id)).toHaveLength(1);
  });

  it("a runner that lost its lease still records what it sent, so the new owner does not send it again", async () => {
    const now = Date.now();
    const { c, jobs } = await book(now);
    const confirmation = jobs.find((j) => j.kind === "email.confirmation")!;
    const [slow] = (await claimDueJobs(t.db, { owner: "slow", now, limit: 10, consultationIds: [c.id] })).filter((j) => j.id === confirmation.id);
    const later = now + LEASE_MS + 1;
    const [fresh] = (await claimDueJobs(t.db, { owner: "fresh", now: later, limit: 10, consultationIds: [c.id] })).filter((j) => j.id === confirmation.id);
    // The slow runner finishes after all: its outcome is ignored, its message row is not.
    expect(await runClaimedJob(deps(t.db, testConfig(fakes.vars), () => later), slow, "slow")).toBe("done");
    const [stillFresh] = await t.db.select().from(outboxJobs).where(eq(outboxJobs.id, confirmation.id));
    expect(stillFresh).toMatchObject({ status: "running", leaseOwner: "fresh" });
    expect(await runClaimedJob(deps(t.db, testConfig(fakes.vars), () => later), fresh, "fresh")).toBe("done");
    const [row] = await t.db.select().from(outboxJobs).where(eq(outboxJobs.id, confirmation.id));
    expect(row.result).toMatch(/^already recorded as sent/);
    expect(sentFor(confirmation.id)).toHaveLength(1);
  });
});
