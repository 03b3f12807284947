import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin, createToken, insertConsultation, londonTime, type Admin } from "./admin-support";
import { startWorker, type TestWorker } from "./harness";

// The admin list (/admin/consultations and GET /api/consultations share one
// query): search, filters, sorting, paging, counts per status, and the CSV.

let worker: TestWorker;
let admin: Admin;

type ApiList = {
  consultations: { id: string; customerName: string; customerEmail: string; projectName: string; status: string; genre: string; consultationDate: string }[];
  page: number;
  pages: number;
  total: number;
  counts: Record<string, number>;
};

async function list(query = ""): Promise<ApiList> {
  const res = await admin.get(`/api/consultations${query ? `?${query}` : ""}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ApiList;
}

const STATUSES = ["scheduled", "completed", "cancelled", "no_show"] as const;
const GENRES = ["Electronic", "Jazz", "Hip-Hop"] as const;

beforeAll(async () => {
  worker = await startWorker();
  admin = await asAdmin(worker);
  // 60 consultations across June 2026 (British Summer Time), one every 12 hours.
  const base = londonTime("2026-06-01", "10:00");
  for (let i = 0; i < 60; i++) {
    await insertConsultation(worker, {
      startsAt: base + i * 12 * 3_600_000,
      status: STATUSES[i % 4],
      genre: GENRES[i % 3],
      customerName: `Client ${String(i).padStart(2, "0")}`,
      customerEmail: `client${i}@example.com`,
      projectName: `Project ${i}`,
      createdAt: Date.UTC(2026, 4, 1) + (59 - i) * 60_000, // booked in reverse order
    });
  }
  // Names and times that test search and the studio-zone date range.
  await insertConsultation(worker, { startsAt: londonTime("2026-07-01", "00:15"), customerName: "Zoë O'Brien", customerEmail: "zoe@music.example", projectName: "100% Analog_Tape" });
  await insertConsultation(worker, { startsAt: londonTime("2026-06-30", "23:45"), customerName: "ada lovelace", customerEmail: "ADA@Example.com", projectName: "Engines" });
});
afterAll(() => worker?.dispose());

describe("paging and counts", () => {
  it("pages 25 at a time, newest consultation date first, with counts per status", async () => {
    const first = await list();
    expect(first.total).toBe(62);
    expect(first.pages).toBe(3);
    expect(first.consultations).toHaveLength(25);
    expect(first.counts).toEqual({ all: 62, scheduled: 17, completed: 15, cancelled: 15, no_show: 15 });
    const dates = first.consultations.map((c) => c.consultationDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    const third = await list("page=3");
    expect(third.consultations).toHaveLength(12);
    const all = [...first.consultations, ...(await list("page=2")).consultations, ...third.consultations].map((c) => c.id);
    expect(new Set(all).size).toBe(62);
  });

  it("counts per status follow the other filters, the total follows the status", async () => {
    const jazz = await list("genre=Jazz");
    expect(jazz.counts.all).toBe(20);
    const jazzDone = await list("genre=Jazz&status=completed");
    expect(jazzDone.total).toBe(jazzDone.counts.completed);
    expect(jazzDone.counts.all).toBe(20);
    expect(jazzDone.consultations.every((c) => c.genre === "Jazz" && c.status === "completed")).toBe(true);
  });
});

describe("search", () => {
  it("finds by name, email or project, ignoring case", async () => {
    expect((await list("q=ADA")).consultations.map((c) => c.customerName)).toEqual(["ada lovelace"]);
    expect((await list("q=music.example")).consultations.map((c) => c.customerName)).toEqual(["Zoë O'Brien"]);
    expect((await list("q=engines")).total).toBe(1);
    expect((await list("q=client1")).total).toBe(11); // client1, client10-19 by email
  });

  it("treats % and _ literally", async () => {
    expect((await list(`q=${encodeURIComponent("100%")}`)).total).toBe(1);
    expect((await list(`q=${encodeURIComponent("g_T")}`)).total).toBe(1);
    expect((await list(`q=${encodeURIComponent("%")}`)).total).toBe(1);
    expect((await list(`q=${encodeURIComponent("_")}`)).total).toBe(1);
  });
});

describe("filters", () => {
  it("filters by status and genre", async () => {
    const r = await list("status=no_show&genre=Hip-Hop");
    expect(r.total).toBeGreaterThan(0);
    expect(r.consultations.every((c) => c.status === "no_show" && c.genre === "Hip-Hop")).toBe(true);
  });

  it("reads the date range as studio dates (Europe/London), both ends included", async () => {
    // 00:15 on 1 July London time is 23:15 UTC on 30 June.
    const july = await list("from=2026-07-01&to=2026-07-01");
    expect(july.consultations.map((c) => c.customerName)).toEqual(["Zoë O'Brien"]);
    const lastJune = await list("from=2026-06-30&to=2026-06-30");
    expect(lastJune.consultations.map((c) => c.customerName)).toContain("ada lovelace");
    expect(lastJune.consultations.map((c) => c.customerName)).not.toContain("Zoë O'Brien");
    const firstDays = await list("from=2026-06-01&to=2026-06-02&sort=date&dir=asc");
    expect(firstDays.consultations.map((c) => c.customerName)).toEqual(["Client 00", "Client 01", "Client 02", "Client 03"]);
  });
});

describe("sorting", () => {
  it("sorts by name, ignoring case", async () => {
    const names = (await list("sort=name")).consultations.map((c) => c.customerName);
    expect(names[0]).toBe("ada lovelace");
    expect(names[1]).toBe("Client 00");
    const desc = (await list("sort=name&dir=desc")).consultations.map((c) => c.customerName);
    expect(desc[0]).toBe("Zoë O'Brien");
  });

  it("sorts by booking time and by date ascending", async () => {
    const created = (await list("sort=created&dir=asc&q=client")).consultations.map((c) => c.customerName);
    expect(created.slice(0, 2)).toEqual(["Client 59", "Client 58"]);
    const byDate = (await list("sort=date&dir=asc")).consultations.map((c) => c.customerName);
    expect(byDate[0]).toBe("Client 00");
  });
});

describe("API tokens", () => {
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const d1Calls = (res: Response) => Number(/D1 calls: (\d+)/.exec(res.headers.get("server-timing") ?? "")?.[1] ?? 0);

  it("a token revoked a moment after it worked gets 401 and no consultations on the very next request", async () => {
    const adminId = (await worker.db.prepare("SELECT id FROM admins LIMIT 1").first<string>("id"))!;
    const token = await createToken(worker, adminId);
    for (let i = 0; i < 2; i++) expect((await worker.fetch("/api/consultations", bearer(token))).status).toBe(200);
    await worker.db.prepare("UPDATE api_tokens SET revoked_at = ? WHERE token_prefix = ?").bind(Date.now(), token.slice(0, 12)).run();
    for (let i = 0; i < 2; i++) {
      const res = await worker.fetch("/api/consultations", bearer(token));
      expect(res.status).toBe(401);
      expect(await res.text()).not.toMatch(/consultations|customerEmail/);
    }
  });

  it("an unknown token costs D1 its lookup only, never a read of the list", async () => {
    const res = await worker.fetch("/api/consultations?q=Lovelace", bearer(`sct_${"x".repeat(43)}`));
    expect(res.status).toBe(401);
    expect(d1Calls(res)).toBe(1);
  });
});

describe("bad input", () => {
  it("answers 422 with field errors on the API", async () => {
    const res = await admin.get("/api/consultations?status=lost&page=0&from=2026-13-01&sort=colour");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(body.errors).sort()).toEqual(["from", "page", "sort", "status"]);
    const reversed = await admin.get("/api/consultations?from=2026-06-10&to=2026-06-01");
    expect(((await reversed.json()) as { errors: Record<string, string[]> }).errors.to).toBeDefined();
  });

  it("still shows the page, with the problem explained, never a 500", async () => {
    const res = await admin.get("/admin/consultations?status=lost&from=yesterday&page=x&q=ada");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("The start date must be a date like 2026-12-01");
    expect(html).toContain("ada lovelace");
    expect((await admin.get("/admin/consultations?to=9999-12-31&from=0001-01-01")).status).toBe(200);
    expect((await admin.get("/api/consultations?to=9999-12-31")).status).toBe(422);
    expect((await admin.get("/admin/consultations.csv?to=9999-12-31")).status).toBe(200);
  });
});

describe("the page", () => {
  it("keeps its state in the URL: a GET form, tab and sort links that carry the filters", async () => {
    const res = await admin.get("/admin/consultations?q=client&sort=name&dir=asc&page=2");
    expect(res.status).toBe(200);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expect(html).toMatch(/<form method="get"[^>]*role="search"/);
    expect(html).toMatch(/<input id="list-q" type="search" name="q"[^>]*value="client"/);
    expect(html).toContain("26–50 of 60 consultations");
    // The "Completed" tab keeps the search and sort, and starts at page 1.
    expect(html).toContain('href="/admin/consultations?q=client&amp;status=completed&amp;sort=name"');
    // Pages link to each other with the same filters.
    expect(html).toMatch(/<a rel="prev"[^>]*href="\/admin\/consultations\?q=client&amp;sort=name"/);
    expect(html).toMatch(/<a rel="next"[^>]*href="\/admin\/consultations\?q=client&amp;sort=name&amp;page=3"/);
    // Times in the studio's zone.
    expect(html).toContain("Europe/London");
    expect(html).toContain('aria-sort="ascending"');
  });

  it("links the CSV export with the current filters", async () => {
    const html = await (await admin.get("/admin/consultations?status=completed&genre=Jazz&page=2")).text();
    expect(html).toContain('href="/admin/consultations.csv?status=completed&amp;genre=Jazz"');
  });
});

describe("CSV export", () => {
  it("exports every match of the filters (not just a page), escaped and safe for spreadsheets", async () => {
    await insertConsultation(worker, {
      startsAt: londonTime("2026-08-03", "11:00"),
      customerName: '=HYPERLINK("http://evil.example","click")',
      customerEmail: "csv@example.com",
      projectName: 'Tape, "live"\nsession',
      specialRequirements: "@SUM(A1:A2)",
      genre: "Folk",
    });
    const res = await admin.get("/admin/consultations.csv?genre=Folk");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="consultations-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM, for Excel
    const text = new TextDecoder().decode(bytes);
    const lines = text.split("\r\n");
    expect(lines[0]).toMatch(/^Reference,Starts \(Europe\/London\),Starts \(UTC\),Minutes,Status,Client name,Email/);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`"Tape, ""live""\nsession"`);
    expect(text).toContain(",'@SUM(A1:A2),");
    expect(text).toContain("2026-08-03 11:00,2026-08-03T10:00:00.000Z,15,Scheduled");

    const all = await (await admin.get("/admin/consultations.csv")).text();
    expect(all.trim().split("\r\n")).toHaveLength(1 + 63);
    const completed = await (await admin.get("/admin/consultations.csv?status=completed&page=3")).text();
    expect(completed.trim().split("\r\n")).toHaveLength(1 + 15);
  });
});
