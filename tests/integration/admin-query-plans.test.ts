import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, type ListQuery } from "../../app/domain/consultation-list";
import { listSql, statusCountsSql, type Statement } from "../../app/server/admin/list-sql";
import { insertConsultation } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// EXPLAIN QUERY PLAN for the admin list's statements (the very SQL the worker
// runs, from app/server/admin/list-sql.ts) against the migrated D1: the status,
// date and genre filters and the sorts must use indexes, never a full scan of
// consultations.

let worker: TestWorker;

beforeAll(async () => {
  worker = await startWorker();
  for (let i = 0; i < 40; i++) {
    await insertConsultation(worker, {
      startsAt: Date.UTC(2026, 5, 1, 9) + i * 3_600_000,
      status: (["scheduled", "completed", "cancelled", "no_show"] as const)[i % 4],
      genre: i % 2 ? "Jazz" : "Electronic",
    });
  }
  // Let the planner see real statistics as well as the defaults.
  await worker.db.exec("ANALYZE");
});
afterAll(() => worker?.dispose());

async function plan(statement: Statement): Promise<string[]> {
  const result = await worker.db
    .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
    .bind(...statement.params)
    .all<{ detail: string }>();
  return result.results.map((r) => r.detail);
}

const TZ = "Europe/London";
const page = { limit: 25, offset: 0 };
const query = (q: Partial<ListQuery>): ListQuery => ({ ...DEFAULT_LIST_QUERY, ...q });
const fullScan = (lines: string[]) => lines.filter((l) => /^SCAN consultations(?! USING)/.test(l));

describe("query plans of the admin list", () => {
  const cases: [string, ListQuery, RegExp][] = [
    ["status, by date", query({ status: "scheduled" }), /SEARCH consultations USING (COVERING )?INDEX consultations_status_date \(status=\?\)/],
    [
      "status and date range",
      query({ status: "completed", from: "2026-06-01", to: "2026-06-30" }),
      /SEARCH consultations USING (COVERING )?INDEX consultations_status_date \(status=\? AND consultation_date>\? AND consultation_date<\?\)/,
    ],
    ["date range", query({ from: "2026-06-01", to: "2026-06-30" }), /SEARCH consultations USING (COVERING )?INDEX consultations_(consultation_date|one_active_per_start|status_date) \(|consultation_date>\?/],
    ["genre", query({ genre: "Jazz" }), /SEARCH consultations USING INDEX consultations_genre_date \(genre=\?\)/],
    ["genre and dates", query({ genre: "Jazz", from: "2026-06-01", to: "2026-06-02" }), /USING INDEX consultations_(genre_date|consultation_date)/],
    ["no filter, by date", query({}), /SCAN consultations USING INDEX consultations_consultation_date/],
    ["no filter, by booking time", query({ sort: "created", dir: "desc" }), /SCAN consultations USING INDEX consultations_created_at/],
    ["no filter, by name", query({ sort: "name", dir: "asc" }), /SCAN consultations USING INDEX consultations_customer_name/],
  ];

  for (const [name, q, expected] of cases) {
    it(`${name}: uses an index`, async () => {
      const lines = await plan(listSql(q, TZ, page));
      expect(fullScan(lines), lines.join("\n")).toEqual([]);
      expect(lines.join("\n")).toMatch(expected);
    });
  }

  it("counts per status read only the status index", async () => {
    const lines = await plan(statusCountsSql(query({}), TZ));
    expect(lines.join("\n")).toMatch(/SCAN consultations USING COVERING INDEX consultations_status/);
    const withDates = await plan(statusCountsSql(query({ from: "2026-06-01", to: "2026-06-30" }), TZ));
    expect(fullScan(withDates), withDates.join("\n")).toEqual([]);
  });

  it("a text search alone has to read every row (LIKE '%…%' can't use an index): documented, not hidden", async () => {
    const lines = await plan(listSql(query({ q: "ada" }), TZ, page));
    expect(lines.join("\n")).toMatch(/consultations/);
    // With a status filter the index narrows the rows the search reads.
    const narrowed = await plan(listSql(query({ q: "ada", status: "scheduled" }), TZ, page));
    expect(fullScan(narrowed), narrowed.join("\n")).toEqual([]);
  });
});
