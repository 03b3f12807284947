import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedStatement, runBatch, runStatement, type Placeholders } from "~/server/db/prepared.server";
import type { Db } from "~/server/db/client.server";
import { consultations, outboxJobs } from "~/server/db/schema.server";
import { bookingJobs, bookingJobStatements } from "~/server/outbox/plans.server";
import { consultationRow, startDb, type TestDb } from "./outbox/support";

// Statements whose SQL is built once per isolate (docs/decisions/0051) run
// against a real D1: each request's values reach D1 (none is kept from an
// earlier one), and the rows come back as drizzle's own query answers them.

let t: TestDb;
beforeAll(async () => {
  t = await startDb();
});
afterAll(async () => {
  await t?.dispose();
});

const insert = preparedStatement((db: Db, p: Placeholders<{ id: string; startsAt: number; checked: boolean; now: number }>) =>
  db.insert(consultations).values({
    ...consultationRow(0, 0),
    id: p.id,
    consultationDate: p.startsAt,
    calendarChecked: p.checked,
    createdAt: p.now,
    updatedAt: p.now,
  }),
);
const after = preparedStatement((db: Db, p: Placeholders<{ from: number }>) =>
  db
    .select({ id: consultations.id, startsAt: consultations.consultationDate, checked: consultations.calendarChecked })
    .from(consultations)
    .where(and(eq(consultations.status, "scheduled"), gt(consultations.consultationDate, p.from))),
);

describe("prepared statements", () => {
  it("binds each request's own values and maps rows to their fields and types", async () => {
    const base = Date.now() + 86_400_000;
    await runBatch(t.db, [
      insert.bind(t.db, { id: "c-1", startsAt: base, checked: false, now: 1 }),
      insert.bind(t.db, { id: "c-2", startsAt: base + 900_000, checked: true, now: 2 }),
    ]);
    const [all, later] = await runBatch(t.db, [after.bind(t.db, { from: base - 1 }), after.bind(t.db, { from: base })]);
    expect(all).toEqual([
      { id: "c-1", startsAt: base, checked: false },
      { id: "c-2", startsAt: base + 900_000, checked: true },
    ]);
    expect(later).toEqual([{ id: "c-2", startsAt: base + 900_000, checked: true }]);
    // The same rows as drizzle's query built on the spot.
    const direct = await t.db
      .select({ id: consultations.id, startsAt: consultations.consultationDate, checked: consultations.calendarChecked })
      .from(consultations)
      .where(and(eq(consultations.status, "scheduled"), gt(consultations.consultationDate, base - 1)));
    expect(direct).toEqual(all);
    expect(await runStatement(t.db, after.bind(t.db, { from: base + 900_000 }))).toEqual([]);
  });

  it("refuses a missing value instead of sending NULL", () => {
    expect(() => after.bind(t.db, {} as never)).toThrow(/placeholder "from"/);
  });

  it("writes a booking's jobs as the planner plans them, with and without the reminder", async () => {
    const now = Date.now();
    const soon = consultationRow(now + 3 * 3_600_000, now); // too soon for a reminder: three jobs
    const later = consultationRow(now + 5 * 86_400_000, now); // four
    await t.db.insert(consultations).values([soon, later]);
    await runBatch(t.db, [...bookingJobStatements(t.db, soon, now), ...bookingJobStatements(t.db, later, now)]);
    for (const c of [soon, later]) {
      const written = await t.db
        .select({ kind: outboxJobs.kind, runAt: outboxJobs.runAt, status: outboxJobs.status, attempts: outboxJobs.attempts, maxAttempts: outboxJobs.maxAttempts, payload: outboxJobs.payload, leaseOwner: outboxJobs.leaseOwner })
        .from(outboxJobs)
        .where(eq(outboxJobs.consultationId, c.id));
      const planned = bookingJobs(c, now).map(({ kind, runAt, status, attempts, maxAttempts, payload }) => ({ kind, runAt, status, attempts, maxAttempts, payload, leaseOwner: null }));
      expect(written.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(planned.sort((a, b) => a.kind.localeCompare(b.kind)));
    }
  });
});
