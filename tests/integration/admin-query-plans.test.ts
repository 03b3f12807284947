import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, type ListQuery } from "../../app/domain/consultation-list";
import { cappedStatusCountsSql, listSql, searchOnlyMatchCountSql, statusCountsSql, type Statement } from "../../app/server/admin/list-sql";
import { insertConsultation } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// EXPLAIN QUERY PLAN for the admin list's statements (the very SQL the worker
// runs, from app/server/admin/list-sql.ts) against the migrated D1: the status,
// date and genre filters, the search and the sorts must use indexes, never a
// full scan of consultations, and the default order needs no sort of its own.

let worker: TestWorker;

beforeAll(async () => {
  worker = await startWorker();
  for (let i = 0; i < 40; i++) {
    const id = await insertConsultation(worker, {
      startsAt: Date.UTC(2026, 5, 1, 9) + i * 3_600_000,
      status: (["scheduled", "completed", "cancelled", "no_show"] as const)[i % 4],
      genre: i % 2 ? "Jazz" : "Electronic",
    });
    if (i % 3 === 0) {
      await worker.db
        .prepare("INSERT INTO consultation_feedback (consultation_id, rating, comment, created_at, updated_at) VALUES (?, ?, NULL, 1, 1)")
        .bind(id, (i % 5) + 1)
        .run();
    }
  }
  await insertConsultation(worker, { startsAt: Date.UTC(2026, 5, 20, 9), customerName: "Ada Lovelace", customerEmail: "ada@engines.example", projectName: "Analytical" });
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
// A full scan of the table, not an index scan in sort order (and not the search index, consultations_search).
const fullScan = (lines: string[]) => lines.filter((l) => /^SCAN consultations( |$)(?!USING)/.test(l));
const tempSort = (lines: string[]) => lines.filter((l) => /USE TEMP B-TREE FOR (.* )?ORDER BY/.test(l));

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
    ["genre and status", query({ genre: "Jazz", status: "completed" }), /SEARCH consultations USING INDEX consultations_genre_status_date \(genre=\? AND status=\?\)/],
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

  it("counts per status without other filters read the four kept counts, not the rows", async () => {
    for (const q of [query({}), query({ status: "completed" }), query({ sort: "name", dir: "asc", page: 3 })]) {
      const lines = await plan(statusCountsSql(q, TZ));
      expect(lines.join("\n")).toMatch(/^SCAN consultation_status_counts/);
      expect(lines.join("\n")).not.toMatch(/consultations /);
    }
    const withDates = await plan(statusCountsSql(query({ from: "2026-06-01", to: "2026-06-30" }), TZ));
    expect(fullScan(withDates), withDates.join("\n")).toEqual([]);
    // A long range sums the counts kept per day (0012) and counts only its part-days from the index.
    expect(withDates.join("\n")).toMatch(/SEARCH d USING PRIMARY KEY \(status=\? AND day>\? AND day<\?\)/);
    expect(withDates.join("\n")).toMatch(/SEARCH consultations USING COVERING INDEX consultations_status_date \(status=\? AND consultation_date>\? AND consultation_date<\?\)/);
  });

  it("counts per status for one genre read one index, in status order", async () => {
    const lines = await plan(statusCountsSql(query({ genre: "Jazz" }), TZ));
    expect(lines.join("\n")).toBe("SEARCH consultations USING COVERING INDEX consultations_genre_status_date (genre=?)");
  });

  // Issue 9: every filter of the list, alone and with a search, pages in the
  // default order straight from an index (no sort of its own) and counts
  // without reading the whole table.
  const filters: [string, Partial<ListQuery>][] = [
    ["no filter", {}],
    ["status", { status: "scheduled" }],
    ["status and dates", { status: "completed", from: "2026-06-01", to: "2026-06-30" }],
    ["dates", { from: "2026-06-01", to: "2026-06-30" }],
    ["genre", { genre: "Jazz" }],
    ["genre and status", { genre: "Jazz", status: "cancelled" }],
    ["genre and dates", { genre: "Jazz", from: "2026-06-01", to: "2026-06-02" }],
    ["no feedback yet", { rating: "none" }],
  ];
  for (const [name, filter] of filters) {
    for (const search of [undefined, "Lovelace"]) {
      const label = search ? `${name} with a search` : name;
      it(`${label}: the page in the default order from an index, counts without a full scan`, async () => {
        const q = query({ ...filter, q: search });
        // A broad search reads the list in its order and tests each row (SearchPlan "scan").
        const lines = await plan(listSql(q, TZ, page, search ? "scan" : "index"));
        const text = lines.join("\n");
        expect(fullScan(lines), text).toEqual([]);
        expect(tempSort(lines), text).toEqual([]);
        expect(text).toMatch(/(SCAN|SEARCH) consultations USING (COVERING )?INDEX consultations_\w+/);
        if (search && filter.rating !== "none") {
          // A search with few matches: the index's matches first, each row read by rowid, the few sorted.
          const few = (await plan(listSql(q, TZ, page, "index"))).join("\n");
          expect(few).toMatch(/SCAN consultations_search VIRTUAL TABLE[^\n]*\n[^\n]*SEARCH consultations USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        }
        const counts = await plan(statusCountsSql(q, TZ));
        expect(fullScan(counts), counts.join("\n")).toEqual([]);
        if (search) expect(counts.join("\n")).toMatch(/SCAN consultations_search VIRTUAL TABLE/);
        if (search) {
          // The list's own counts of a search stop at a limit (0044): the
          // index's matches come first, one by one, each row read by rowid.
          const capped = await plan(cappedStatusCountsSql(q, TZ, 1_000));
          const cappedText = capped.join("\n");
          expect(fullScan(capped), cappedText).toEqual([]);
          expect(cappedText).toMatch(/SCAN consultations_search VIRTUAL TABLE[^\n]*\n[^\n]*SEARCH consultations USING INTEGER PRIMARY KEY \(rowid=\?\)/);
          // A search with no other filter is first counted by the index alone: not one consultation read.
          const matchCount = searchOnlyMatchCountSql(q, TZ, 1_000);
          if (matchCount) {
            const only = (await plan(matchCount)).join("\n");
            expect(only).toMatch(/SCAN consultations_search VIRTUAL TABLE/);
            expect(only).not.toMatch(/consultations USING|SCAN consultations( |$)/);
          }
        }
      });
    }
  }

  it("booking-time order pages from its index with no sort of its own", async () => {
    for (const dir of ["asc", "desc"] as const) {
      const lines = await plan(listSql(query({ sort: "created", dir, page: 40 }), TZ, { limit: 25, offset: 975 }));
      expect(tempSort(lines), lines.join("\n")).toEqual([]);
    }
  });

  it("a rating filter starts from the feedback's rating index and reads each rated consultation by id", async () => {
    for (const q of [query({ rating: "5" }), query({ rating: "2", status: "completed" }), query({ rating: "4", sort: "name", dir: "asc", from: "2026-06-01" })]) {
      const lines = await plan(listSql(q, TZ, page));
      const text = lines.join("\n");
      expect(fullScan(lines), text).toEqual([]);
      expect(lines[0], text).toMatch(/^SEARCH consultation_feedback USING (COVERING )?INDEX consultation_feedback_rating \(rating=\?\)/);
      expect(text).toMatch(/SEARCH consultations USING INDEX sqlite_autoindex_consultations_1 \(id=\?\)/);
    }
    const counts = await plan(statusCountsSql(query({ rating: "4" }), TZ));
    expect(counts.join("\n")).toMatch(/^SEARCH consultation_feedback USING (COVERING )?INDEX consultation_feedback_rating/);
    expect(fullScan(counts), counts.join("\n")).toEqual([]);
  });

  it("'any feedback' reads the feedback rows (never the whole list), each consultation by id", async () => {
    const lines = await plan(listSql(query({ rating: "any" }), TZ, page));
    expect(lines[0], lines.join("\n")).toMatch(/^SCAN consultation_feedback/);
    expect(fullScan(lines), lines.join("\n")).toEqual([]);
  });

  it("each row's rating is one primary-key lookup", async () => {
    const lines = await plan(listSql(query({}), TZ, page));
    expect(lines.join("\n")).toMatch(/SEARCH f USING INDEX sqlite_autoindex_consultation_feedback_1 \(consultation_id=\?\)/);
  });

  it("'no feedback yet' reads the list's own index and checks each row against the feedback's primary key", async () => {
    const lines = await plan(listSql(query({ rating: "none" }), TZ, page));
    expect(lines.join("\n")).toMatch(/SCAN consultations USING INDEX consultations_consultation_date/);
  });

  it("a search of one or two characters (no trigram) reads every row with LIKE: documented, not hidden", async () => {
    const lines = await plan(listSql(query({ q: "ad" }), TZ, page));
    expect(lines.join("\n")).not.toMatch(/consultations_search/);
    // With a status filter the index narrows the rows the search reads.
    const narrowed = await plan(listSql(query({ q: "ad", status: "scheduled" }), TZ, page));
    expect(fullScan(narrowed), narrowed.join("\n")).toEqual([]);
  });
});
