import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subtractIntervals } from "~/server/calendar-sync/busy.server";
import { consultations, outboxJobs } from "~/server/db/schema.server";
import { listDeadJobs, retryJob } from "~/server/outbox/admin.server";
import { newJob } from "~/server/outbox/plans.server";
import { claimDueJobs, LEASE_MS, retryDelayMs, runClaimedJob } from "~/server/outbox/runner.server";
import { consultationRow, deps, startDb, testConfig, type TestDb } from "./support";

let t: TestDb;
beforeAll(async () => {
  t = await startDb();
});
afterAll(() => t?.dispose());

async function seedJobs(n: number, runAt: number) {
  const now = Date.now();
  const c = consultationRow(now + 7 * 86400_000, now);
  await t.db.insert(consultations).values(c);
  const jobs = Array.from({ length: n }, () => newJob("email.follow_up", c.id, runAt, now));
  for (let i = 0; i < jobs.length; i += 10) await t.db.insert(outboxJobs).values(jobs.slice(i, i + 10));
  return { consultationId: c.id, ids: jobs.map((j) => j.id) };
}

describe("claiming jobs", () => {
  it("overlapping claims never hand out the same job", async () => {
    const { consultationId } = await seedJobs(60, 0);
    const now = Date.now();
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimDueJobs(t.db, { owner: `runner-${i}`, now, limit: 10, consultationIds: [consultationId] })),
    );
    const ids = claims.flat().map((j) => j.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    for (const [i, claim] of claims.entries()) {
      for (const job of claim) expect(job).toMatchObject({ status: "running", leaseOwner: `runner-${i}`, attempts: 1, leaseUntil: now + LEASE_MS });
    }
    // Nothing left: every job is leased.
    expect(await claimDueJobs(t.db, { owner: "late", now, limit: 10, consultationIds: [consultationId] })).toEqual([]);
  });

  it("a relay batch claims the due jobs of the consultations it names, and no one else's", async () => {
    const a = await seedJobs(3, 0);
    const b = await seedJobs(2, 0);
    const other = await seedJobs(2, 0);
    const now = Date.now();
    const claimed = await claimDueJobs(t.db, { owner: "relay", now, limit: 10, consultationIds: [a.consultationId, b.consultationId] });
    expect(claimed.map((j) => j.id).sort()).toEqual([...a.ids, ...b.ids].sort());
    // The cron, a moment later, finds only the other consultation's jobs.
    const swept = await claimDueJobs(t.db, { owner: "cron", now, limit: 100, consultationIds: [a.consultationId, b.consultationId, other.consultationId] });
    expect(swept.map((j) => j.id).sort()).toEqual([...other.ids].sort());
  });

  it("does not claim jobs that are not due, and takes back jobs whose lease ran out", async () => {
    const now = Date.now();
    const { consultationId, ids } = await seedJobs(2, now + 60_000);
    expect(await claimDueJobs(t.db, { owner: "a", now, limit: 10, consultationIds: [consultationId] })).toEqual([]);
    const claimed = await claimDueJobs(t.db, { owner: "a", now: now + 61_000, limit: 10, consultationIds: [consultationId] });
    expect(claimed.map((j) => j.id).sort()).toEqual([...ids].sort());
    // Runner "a" died: after the lease another runner gets them, and a's late answer is ignored.
    const later = now + 61_000 + LEASE_MS + 1;
    const reclaimed = await claimDueJobs(t.db, { owner: "b", now: later, limit: 10, consultationIds: [consultationId] });
    expect(reclaimed.map((j) => [j.leaseOwner, j.attempts])).toEqual([
      ["b", 2],
      ["b", 2],
    ]);
    const d = deps(t.db, testConfig(), () => later);
    await runClaimedJob(d, claimed[0], "a");
    const [row] = await t.db.select().from(outboxJobs).where(eq(outboxJobs.id, claimed[0].id));
    expect(row).toMatchObject({ status: "running", leaseOwner: "b" });
  });
});

describe("finishing jobs", () => {
  it("a job whose runner keeps dying is buried once its attempts are used up", async () => {
    const { consultationId } = await seedJobs(1, 0);
    await t.db.update(outboxJobs).set({ attempts: 8, maxAttempts: 8 }).where(eq(outboxJobs.consultationId, consultationId));
    const [job] = await claimDueJobs(t.db, { owner: "x", now: Date.now(), limit: 1, consultationIds: [consultationId] });
    expect(job.attempts).toBe(9);
    expect(await runClaimedJob(deps(t.db, testConfig()), job, "x")).toBe("dead");
    expect((await listDeadJobs(t.db)).map((j) => j.id)).toContain(job.id);
    expect(await retryJob(t.db, job.id)).toBe(true);
    const [row] = await t.db.select().from(outboxJobs).where(eq(outboxJobs.id, job.id));
    expect(row).toMatchObject({ status: "pending", attempts: 0, doneAt: null });
    expect(await retryJob(t.db, job.id)).toBe(false); // only dead or cancelled jobs
  });

  it("runs a due follow-up with the local provider and records it once", async () => {
    const { consultationId, ids } = await seedJobs(1, 0);
    const d = deps(t.db, testConfig());
    const [job] = await claimDueJobs(t.db, { owner: "y", now: Date.now(), limit: 1, consultationIds: [consultationId] });
    expect(await runClaimedJob(d, job, "y")).toBe("done");
    const [row] = await t.db.select().from(outboxJobs).where(inArray(outboxJobs.id, ids));
    expect(row).toMatchObject({ status: "done", leaseOwner: null });
    expect(row.result).toMatch(/^sent with local/);
  });
});

describe("retryDelayMs", () => {
  it("doubles from 30 s with jitter between half and all of it, capped at an hour", () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(30_000);
    expect(retryDelayMs(3, undefined, () => 1)).toBe(120_000);
    expect(retryDelayMs(20, undefined, () => 1)).toBe(3600_000);
    expect(retryDelayMs(20, undefined, () => 0)).toBe(1800_000);
  });

  it("honours Retry-After (plus up to 10 %), within sane bounds", () => {
    expect(retryDelayMs(1, 120, () => 0)).toBe(120_000);
    expect(retryDelayMs(1, 120, () => 1)).toBe(132_000);
    expect(retryDelayMs(1, 0, () => 0)).toBe(1000);
    expect(retryDelayMs(1, 10 ** 9, () => 0)).toBe(6 * 3600_000);
  });
});

describe("subtractIntervals", () => {
  it("cuts our own events out of the busy list", () => {
    const busy = [
      { start: 0, end: 100 },
      { start: 200, end: 215 },
    ];
    expect(subtractIntervals(busy, [{ start: 40, end: 55 }])).toEqual([
      { start: 0, end: 40 },
      { start: 55, end: 100 },
      { start: 200, end: 215 },
    ]);
    expect(subtractIntervals(busy, [{ start: 200, end: 215 }, { start: 0, end: 15 }])).toEqual([{ start: 15, end: 100 }]);
    expect(subtractIntervals(busy, [])).toEqual(busy);
  });
});
