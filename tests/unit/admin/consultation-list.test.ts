import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONSULTATION_STATUSES, GENRES } from "~/domain/consultation";
import { DEFAULT_LIST_QUERY, isFiltered, listQueryParams, pageCount, parseListQuery, RATING_FILTERS, readListQuery, type ListQuery } from "~/domain/consultation-list";
import { containsPattern, listSql, searchPhrase, statusCountsSql, usesSearchIndex } from "~/server/admin/list-sql";

const params = (s: string) => new URLSearchParams(s);

describe("parseListQuery", () => {
  it("reads an empty URL as the defaults", () => {
    expect(parseListQuery(params(""))).toEqual({ ok: true, query: DEFAULT_LIST_QUERY });
  });

  it("reads every filter, with the sort's own default direction", () => {
    const r = parseListQuery(params("q=%20ada%20&status=no_show&genre=Jazz&from=2026-06-01&to=2026-06-30&sort=name&page=3"));
    expect(r).toEqual({ ok: true, query: { q: "ada", status: "no_show", genre: "Jazz", from: "2026-06-01", to: "2026-06-30", sort: "name", dir: "asc", page: 3 } });
  });

  it("reports each bad value against its field", () => {
    const r = parseListQuery(params("status=x&genre=Polka&from=2026-02-30&sort=y&dir=up&page=0&q=" + "a".repeat(101)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["dir", "from", "genre", "page", "q", "sort", "status"]);
    const reversed = parseListQuery(params("from=2026-06-02&to=2026-06-01"));
    expect(reversed).toEqual({ ok: false, errors: { to: ["The end date must be on or after the start date"] } });
  });
});

describe("readListQuery", () => {
  it("drops only the bad values", () => {
    expect(readListQuery(params("q=ada&status=x&page=2"))).toEqual({
      query: { ...DEFAULT_LIST_QUERY, q: "ada", page: 2 },
      errors: { status: ["Choose a status from the list"] },
    });
    expect(readListQuery(params("from=2026-06-02&to=2026-06-01")).query).toEqual({ ...DEFAULT_LIST_QUERY, from: "2026-06-02" });
  });
});

describe("the rating filter", () => {
  it("reads 1 to 5, any and none; anything else is a field error", () => {
    for (const rating of RATING_FILTERS) expect(parseListQuery(params(`rating=${rating}`))).toMatchObject({ ok: true, query: { rating } });
    for (const bad of ["0", "6", "4.5", "five", "ANY"]) {
      expect(parseListQuery(params(`rating=${bad}`))).toEqual({ ok: false, errors: { rating: ["The rating must be 1 to 5, any or none"] } });
    }
    expect(isFiltered({ ...DEFAULT_LIST_QUERY, rating: "none" })).toBe(true);
  });

  it("binds the rating before the other filters' values, in the order the SQL names them", () => {
    const s = listSql({ ...DEFAULT_LIST_QUERY, rating: "3", status: "completed" }, "Europe/London", { limit: 25, offset: 0 });
    expect(s.sql).toMatch(/FROM \(SELECT consultation_id FROM consultation_feedback WHERE rating = \?\) AS rated CROSS JOIN consultations/);
    expect(s.params).toEqual([3, "completed", 25, 0]);
    const none = statusCountsSql({ ...DEFAULT_LIST_QUERY, rating: "none" }, "Europe/London");
    expect(none.sql).toContain("id NOT IN (SELECT consultation_id FROM consultation_feedback)");
  });
});

describe("listQueryParams", () => {
  it("leaves out defaults", () => {
    expect(listQueryParams(DEFAULT_LIST_QUERY).toString()).toBe("");
    expect(listQueryParams({ ...DEFAULT_LIST_QUERY, sort: "name", dir: "asc" }).toString()).toBe("sort=name");
    expect(listQueryParams({ ...DEFAULT_LIST_QUERY, sort: "name", dir: "desc" }).toString()).toBe("sort=name&dir=desc");
  });

  const anyQuery: fc.Arbitrary<ListQuery> = fc.record({
    q: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s !== ""), { nil: undefined }),
    status: fc.option(fc.constantFrom(...CONSULTATION_STATUSES), { nil: undefined }),
    genre: fc.option(fc.constantFrom(...GENRES), { nil: undefined }),
    rating: fc.option(fc.constantFrom(...RATING_FILTERS), { nil: undefined }),
    from: fc.option(fc.constantFrom("2026-01-01", "2026-06-15"), { nil: undefined }),
    to: fc.option(fc.constantFrom("2026-06-15", "2026-12-31"), { nil: undefined }),
    sort: fc.constantFrom("date", "created", "name"),
    dir: fc.constantFrom("asc", "desc"),
    page: fc.integer({ min: 1, max: 500 }),
  }) as fc.Arbitrary<ListQuery>;

  it("round-trips through the URL", () => {
    fc.assert(
      fc.property(anyQuery, (query) => {
        const parsed = parseListQuery(listQueryParams(query));
        const clean = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
        expect(parsed).toEqual({ ok: true, query: clean });
      }),
    );
  });
});

describe("helpers", () => {
  it("counts pages and tells a filtered list", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
    expect(isFiltered(DEFAULT_LIST_QUERY)).toBe(false);
    expect(isFiltered({ ...DEFAULT_LIST_QUERY, genre: "Jazz" })).toBe(true);
  });
});

describe("list SQL", () => {
  it("escapes LIKE wildcards", () => {
    expect(containsPattern("100%_\\")).toBe("%100\\%\\_\\\\%");
  });

  it("binds every value (nothing from the URL is pasted into the SQL)", () => {
    const q: ListQuery = { q: "x' OR 1=1 --", status: "scheduled", genre: "Jazz", from: "2026-03-29", to: "2026-03-29", sort: "name", dir: "desc", page: 2 };
    const s = listSql(q, "Europe/London", { limit: 25, offset: 25 });
    expect(s.sql).not.toContain("OR 1=1");
    expect(s.sql).toContain("ORDER BY customer_name COLLATE NOCASE DESC");
    // 29 March 2026 in London is 23 hours long (the clocks go forward).
    // The search is one FTS5 phrase of the whole term, bound like the rest
    // (few matches: the phrase's matches are the query's first table).
    expect(s.params).toEqual([`"x' OR 1=1 --"`, "scheduled", "Jazz", Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 2, 29, 23), 25, 25]);
    // Many matches: the list in its order, each row tested with LIKE, the term bound as a pattern.
    const scan = listSql(q, "Europe/London", { limit: 25, offset: 25 }, "scan");
    expect(scan.sql).not.toContain("OR 1=1");
    const pattern = "%x' OR 1=1 --%";
    expect(scan.params).toEqual(["scheduled", "Jazz", Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 2, 29, 23), pattern, pattern, pattern, 25, 25]);
    const counts = statusCountsSql(q, "Europe/London");
    expect(counts.sql).not.toContain("status = ?");
    expect(counts.sql).toContain("GROUP BY status");
  });
});

describe("search terms", () => {
  it("a term of three characters or more is one FTS5 phrase, its quotes doubled, so operators stay text", () => {
    expect(searchPhrase('ada "the" OR lovelace*')).toBe('"ada ""the"" OR lovelace*"');
    expect(usesSearchIndex("ada")).toBe(true);
    expect(usesSearchIndex("Zoë")).toBe(true);
    const s = listSql({ ...DEFAULT_LIST_QUERY, q: "NEAR(a b)" }, "Europe/London", { limit: 25, offset: 0 });
    expect(s.sql).toContain("consultations_search MATCH ?");
    expect(s.params[0]).toBe('"NEAR(a b)"');
  });

  it("one or two characters (no trigram) keep LIKE, wildcards escaped", () => {
    expect(usesSearchIndex("ad")).toBe(false);
    expect(usesSearchIndex("😀😀")).toBe(false);
    const s = listSql({ ...DEFAULT_LIST_QUERY, q: "%_" }, "Europe/London", { limit: 25, offset: 0 });
    expect(s.sql).not.toContain("MATCH");
    expect(s.params.slice(0, 3)).toEqual(["%\\%\\_%", "%\\%\\_%", "%\\%\\_%"]);
  });
});

describe("date bounds", () => {
  it("refuses dates whose next day has no date (so the SQL builder never throws)", () => {
    expect(parseListQuery(params("to=9999-12-31")).ok).toBe(false);
    expect(parseListQuery(params("from=0001-01-01")).ok).toBe(false);
    expect(parseListQuery(params("from=1970-01-01&to=2199-12-31")).ok).toBe(true);
  });
});
