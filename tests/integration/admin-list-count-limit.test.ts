import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY, type ListQuery } from "../../app/domain/consultation-list";
import { listConsultations } from "../../app/server/admin/consultation-list.server";
import { cappedStatusCountsSql } from "../../app/server/admin/list-sql";
import { asAdmin, insertConsultation, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// A broad search's counts stop at 1 000 matches (docs/decisions/0044): the
// list says "1,000+" and "Page 1 of many" and still pages on; a narrow search,
// and every view without a search, keeps exact counts; the CSV still exports
// every match.

let worker: TestWorker;
let admin: Admin;

const BROAD = 1_010; // "Lovelace": past the limit of 1 000
const JAZZ_EVERY = 10; // one Lovelace in ten is Jazz: 101, under the limit

type ApiList = {
  consultations: { customerName: string; genre: string; status: string }[];
  page: number;
  pages: number | null;
  hasNextPage: boolean;
  total: number | null;
  counts: Record<string, number> | null;
  countLimit: number;
};

/** The page's HTML without React's text separators (`<!-- -->`). */
async function pageHtml(path: string): Promise<string> {
  const res = await admin.get(path);
  expect(res.status).toBe(200);
  return (await res.text()).replaceAll("<!-- -->", "");
}

async function list(query: string): Promise<ApiList> {
  const res = await admin.get(`/api/consultations?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ApiList;
}

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  // 1 010 past consultations of "Ada Lovelace N" in one statement (the search
  // index's and the status counts' triggers run for each row), an hour apart.
  await worker.db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO consultations (id, project_name, project_description, genre, bpm, consultation_date, duration_minutes, time_zone,
         status, customer_name, customer_email, created_at, updated_at)
       SELECT 'broad-' || i, 'Project ' || i, 'A record that needs mixing.', CASE WHEN i % ? = 0 THEN 'Jazz' ELSE 'Electronic' END, 120,
         ? + i * 3600000, 15, 'Europe/London', CASE WHEN i % 2 = 0 THEN 'completed' ELSE 'cancelled' END,
         'Ada Lovelace ' || i, 'ada' || i || '@engines.example', ?, ?
       FROM n`,
    )
    .bind(BROAD, JAZZ_EVERY, Date.UTC(2026, 0, 1, 9), Date.UTC(2025, 11, 1), Date.UTC(2025, 11, 1))
    .run();
  for (let i = 0; i < 3; i++) {
    await insertConsultation(worker, { startsAt: Date.UTC(2026, 5, 1 + i, 9), customerName: `Charles Babbage ${i}`, customerEmail: `charles${i}@engines.example` });
  }
});
afterAll(() => worker?.dispose());

describe("a search matching more than 1 000 consultations", () => {
  it("answers without counts, says where they stopped, and still pages on", async () => {
    const first = await list("q=Lovelace");
    expect(first.counts).toBeNull();
    expect(first.total).toBeNull();
    expect(first.pages).toBeNull();
    expect(first.countLimit).toBe(1_000);
    expect(first.consultations).toHaveLength(25);
    expect(first.hasNextPage).toBe(true);
    // The last page: 1 010 = 40 × 25 + 10.
    const last = await list("q=Lovelace&page=41");
    expect(last.consultations).toHaveLength(10);
    expect(last.hasNextPage).toBe(false);
    expect(last.consultations.every((c) => c.customerName.startsWith("Ada Lovelace"))).toBe(true);
  });

  it("shows 1,000+ on the All tab, 'of more than 1,000' and 'Page 1 of many', with a Next link", async () => {
    const html = await pageHtml("/admin/consultations?q=Lovelace");
    expect(html).toMatch(/All <span class="count">1,000\+<\/span>/);
    expect(html).toContain("More than 1,000 consultations match this search, so the counts stop there.");
    expect(html).toMatch(/1–25 of more than 1,000 consultations, by consultation date/);
    expect(html).toMatch(/Page 1 of many/);
    expect(html).toMatch(/<a rel="next"[^>]* href="\/admin\/consultations\?q=Lovelace&amp;page=2">Next →<\/a>/);
    // The status tabs show no number they don't know.
    expect(html).not.toMatch(/Completed <span class="count">/);
    // With a status chosen, its own total is not known either.
    const cancelled = await pageHtml("/admin/consultations?q=Lovelace&status=cancelled");
    expect(cancelled).toMatch(/1–25 of many consultations/);
  });

  it("the CSV export still has every match", async () => {
    const csv = await (await admin.get("/admin/consultations.csv?q=Lovelace")).text();
    expect(csv.trim().split("\n")).toHaveLength(BROAD + 1);
  });

  it("with a filter that narrows it under the limit, the counts are exact again", async () => {
    const jazz = await list("q=Lovelace&genre=Jazz");
    expect(jazz.counts).toEqual({ all: 101, completed: 101, cancelled: 0, scheduled: 0, no_show: 0 });
    expect(jazz.total).toBe(101);
    expect(jazz.pages).toBe(5);
  });
});

describe("exact counts", () => {
  it("a narrow search counts exactly", async () => {
    const narrow = await list("q=Babbage");
    expect(narrow.counts).toEqual({ all: 3, scheduled: 3, completed: 0, cancelled: 0, no_show: 0 });
    expect(narrow.total).toBe(3);
    expect(narrow.pages).toBe(1);
    const html = await pageHtml("/admin/consultations?q=Babbage");
    expect(html).toMatch(/All <span class="count">3<\/span>/);
    expect(html).toMatch(/1–3 of 3 consultations/);
    expect(html).not.toContain("counts stop there");
  });

  it("views without a search count every consultation, past the limit", async () => {
    const all = await list("");
    expect(all.counts).toEqual({ all: BROAD + 3, scheduled: 3, completed: 505, cancelled: 505, no_show: 0 });
    expect(all.pages).toBe(Math.ceil((BROAD + 3) / 25));
    expect((await list("status=completed")).total).toBe(505);
    expect((await list("genre=Electronic")).counts?.all).toBe(BROAD - 101 + 3);
    const html = await pageHtml("/admin/consultations?page=2");
    expect(html).toMatch(/26–50 of 1013 consultations/);
    expect(html).toMatch(/Page 2 of 41/);
  });
});

describe("the capped count's SQL", () => {
  const query = (q: Partial<ListQuery>): ListQuery => ({ ...DEFAULT_LIST_QUERY, ...q });
  const counts = async (q: Partial<ListQuery>, cap: number) => {
    const statement = cappedStatusCountsSql(query(q), "Europe/London", cap);
    const rows = await worker.db
      .prepare(statement.sql)
      .bind(...statement.params)
      .all<{ status: string; n: number }>();
    return Object.fromEntries(rows.results.map((r) => [r.status, r.n]));
  };

  it("reads at most cap + 1 matches, after the other filters, and is exact under the cap", async () => {
    expect(await counts({ q: "Babbage" }, 3)).toEqual({ scheduled: 3 });
    const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    expect(sum(await counts({ q: "Babbage" }, 2))).toBe(3); // 2 + 1: more than the cap
    expect(sum(await counts({ q: "engines" }, 50))).toBe(51);
    // The filters apply before the limit: the 101 Jazz matches are all counted.
    expect(await counts({ q: "Lovelace", genre: "Jazz" }, 200)).toEqual({ completed: 101 });
    expect(await counts({ q: "Lovelace", genre: "Jazz", from: "2026-01-01", to: "2026-01-01" }, 200)).toEqual({ completed: 2 }); // i = 0 and 10
    // Short terms (LIKE) and a rating filter take the same limit.
    expect(sum(await counts({ q: "ad" }, 10))).toBe(11);
    expect(await counts({ q: "Lovelace", rating: "5" }, 10)).toEqual({});
  });
});

describe("a search that was broad and turns narrow, or the other way", () => {
  // The list remembers each search's last breadth to send its count and page
  // together (0067); the count that comes back decides. Here the cap is 2 and
  // "Babbage" (three consultations) crosses it both ways between searches.
  const search = () => listConsultations(worker.db as unknown as D1Database, { ...DEFAULT_LIST_QUERY, q: "Babbage", sort: "date", dir: "asc" }, "Europe/London", { countLimit: 2 });
  const names = (page: Awaited<ReturnType<typeof search>>) => page.rows.map((r) => r.customerName);

  it("answers as if it had not remembered, every time", async () => {
    for (let i = 0; i < 2; i++) {
      const broad = await search();
      expect(broad.counts).toBeNull();
      expect(names(broad)).toEqual(["Charles Babbage 0", "Charles Babbage 1", "Charles Babbage 2"]);
    }
    const gone = (await worker.db.prepare("SELECT id FROM consultations WHERE customer_name = 'Charles Babbage 1'").first<string>("id"))!;
    const saved = await worker.db.prepare("SELECT * FROM consultations WHERE id = ?").bind(gone).first<Record<string, unknown>>();
    await worker.db.batch([
      worker.db.prepare("DELETE FROM consultation_status_history WHERE consultation_id = ?").bind(gone),
      worker.db.prepare("DELETE FROM consultations WHERE id = ?").bind(gone),
    ]);
    for (let i = 0; i < 2; i++) {
      const narrow = await search();
      expect(narrow.counts).toMatchObject({ all: 2, scheduled: 2 });
      expect(narrow.total).toBe(2);
      expect(names(narrow)).toEqual(["Charles Babbage 0", "Charles Babbage 2"]);
    }
    const columns = Object.keys(saved!);
    await worker.db.prepare(`INSERT INTO consultations (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).bind(...columns.map((c) => saved![c])).run();
    const broadAgain = await search();
    expect(broadAgain.counts).toBeNull();
    expect(names(broadAgain)).toEqual(["Charles Babbage 0", "Charles Babbage 1", "Charles Babbage 2"]);
  });
});
