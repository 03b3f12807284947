import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDaysToIsoDate } from "../../app/domain/calendar-date";
import { startOfZonedDay } from "../../app/domain/closures";
import { DEFAULT_LIST_QUERY, type ListQuery } from "../../app/domain/consultation-list";
import { statusCountsSql, type Statement } from "../../app/server/admin/list-sql";
import { insertConsultation } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// The admin list's counts per status for a date range come from counts kept
// per UTC day by triggers (migration 0012) plus the range's part-days counted
// from the rows. They must equal a plain count of the rows for any range, in
// any studio zone (midnight there is rarely a UTC day's start), before and
// after consultations are booked, change status, move and are deleted.

const HOUR = 3_600_000;
const ZONES = ["Europe/London", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati"];
const STATUSES = ["scheduled", "completed", "cancelled", "no_show"] as const;

let worker: TestWorker;
const ids: string[] = [];
// A fixed pseudo-random sequence: the same cases every run.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

beforeAll(async () => {
  worker = await startWorker();
  for (let i = 0; i < 120; i++) {
    ids.push(await insertConsultation(worker, { startsAt: Date.UTC(2026, 5, 1) + Math.floor(random() * 20 * 24) * HOUR + 15 * 60_000, status: STATUSES[i % 4] }));
  }
});
afterAll(() => worker?.dispose());

async function run(statement: Statement): Promise<Record<string, number>> {
  const rows = (await worker.db.prepare(statement.sql).bind(...statement.params).all<{ status: string; n: number }>()).results;
  return Object.fromEntries(STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0]));
}

/** The plain count: every row in the range, grouped by status. */
function plainCount(query: ListQuery, timeZone: string): Statement {
  const conditions: string[] = [];
  const params: number[] = [];
  if (query.from) conditions.push("consultation_date >= ?"), params.push(startOfZonedDay(query.from, timeZone));
  if (query.to) conditions.push("consultation_date < ?"), params.push(startOfZonedDay(addDaysToIsoDate(query.to, 1), timeZone));
  return { sql: `SELECT status, COUNT(*) AS n FROM consultations ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""} GROUP BY status`, params };
}

const ranges: Partial<ListQuery>[] = [
  { from: "2026-06-01", to: "2026-06-30" },
  { from: "2026-06-03", to: "2026-06-04" },
  { from: "2026-06-05", to: "2026-06-05" },
  { from: "2026-06-10" },
  { to: "2026-06-12" },
  { from: "2026-05-01", to: "2027-12-31" },
  { from: "2026-06-20", to: "2026-06-21" },
];

async function expectKeptEqualsPlain() {
  for (const timeZone of ZONES) {
    for (const range of ranges) {
      const query = { ...DEFAULT_LIST_QUERY, ...range };
      expect(await run(statusCountsSql(query, timeZone)), `${timeZone} ${JSON.stringify(range)}`).toEqual(await run(plainCount(query, timeZone)));
    }
  }
}

describe("counts per status for a date range", () => {
  it("equal a plain count of the rows, for any range in any studio zone", async () => {
    await expectKeptEqualsPlain();
    // And the kept counts are really used: the statement reads consultation_day_counts.
    expect(statusCountsSql({ ...DEFAULT_LIST_QUERY, from: "2026-06-01", to: "2026-06-30" }, "Asia/Kathmandu").sql).toMatch(/consultation_day_counts/);
  });

  it("stay equal after status changes, moves across days and deletions", async () => {
    for (const [i, id] of ids.entries()) {
      if (i % 5 === 0) await worker.db.prepare("UPDATE consultations SET status = 'completed' WHERE id = ?").bind(id).run();
      if (i % 7 === 0) await worker.db.prepare("UPDATE consultations SET consultation_date = consultation_date + ? WHERE id = ?").bind(Math.floor(random() * 72) * HOUR, id).run();
      if (i % 11 === 0) {
        await worker.db.batch([
          worker.db.prepare("DELETE FROM consultation_status_history WHERE consultation_id = ?").bind(id),
          worker.db.prepare("DELETE FROM consultations WHERE id = ?").bind(id),
        ]);
      }
    }
    await expectKeptEqualsPlain();
  });
});
