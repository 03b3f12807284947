import { addDaysToIsoDate } from "../../domain/calendar-date";
import type { ListQuery } from "../../domain/consultation-list";
import { startOfZonedDay } from "../../domain/closures";

// The SQL behind the admin consultation list, its status counts and its CSV
// export, as plain statements with bound parameters. Plain SQL (rather than
// drizzle's builder) so tests/integration/admin-query-plans.test.ts can run
// EXPLAIN QUERY PLAN on exactly these statements against the migrated D1 and
// check that the filters use the indexes in migrations/0004_admin_ops.sql.
// Relative imports only: that test loads this file in Node.

export type Statement = { sql: string; params: (string | number)[] };

export const CONSULTATION_COLUMNS = `id, project_name, project_description, genre, bpm, communication_preference,
  consultation_date, duration_minutes, time_zone, status, customer_name, customer_email, customer_phone,
  special_requirements, google_calendar_event_id, admin_notes, created_at, updated_at`;

// The client's rating beside each row: one primary-key lookup per row of the page.
const RATING_COLUMN = "(SELECT rating FROM consultation_feedback f WHERE f.consultation_id = consultations.id) AS rating";

/** LIKE pattern for a substring, with the wildcards in the term escaped. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Trigrams: the index can find terms of three characters or more. */
export const SEARCH_INDEX_MIN_LENGTH = 3;

export function usesSearchIndex(term: string): boolean {
  return [...term].length >= SEARCH_INDEX_MIN_LENGTH;
}

/**
 * An FTS5 phrase of the whole term (its double quotes doubled): with the
 * trigram tokenizer, a phrase matches the rows that contain the term as it is
 * written, case aside, like LIKE '%term%'; operators and wildcards stay text.
 */
export function searchPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function whereClause(
  query: ListQuery,
  timeZone: string,
  options: { withStatus: boolean; inSortOrder: boolean; searchByScan?: boolean; searchInFrom?: boolean },
): Statement {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  if (options.withStatus && query.status) {
    conditions.push("status = ?");
    params.push(query.status);
  }
  if (query.genre) {
    conditions.push("genre = ?");
    params.push(query.genre);
  }
  // Only "no feedback yet" filters here; a rating drives the query from the
  // feedback table instead (fromClause).
  if (query.rating === "none") conditions.push("id NOT IN (SELECT consultation_id FROM consultation_feedback)");
  if (query.from) {
    conditions.push("consultation_date >= ?");
    params.push(startOfZonedDay(query.from, timeZone));
  }
  if (query.to) {
    conditions.push("consultation_date < ?");
    params.push(startOfZonedDay(addDaysToIsoDate(query.to, 1), timeZone));
  }
  if (query.source === "direct") conditions.push("source_page IS NULL");
  else if (query.source) {
    conditions.push("source_page = ?");
    params.push(query.source);
  }
  const indexed = Boolean(query.q && usesSearchIndex(query.q));
  if (indexed && options.searchInFrom) {
    // The matches are the query's first table (searchMatchesFrom).
  } else if (indexed && !options.searchByScan) {
    // The trigram index (migrations/0010) decides: a phrase of the term finds
    // the rows that contain it. The unary + keeps SQLite reading the list in
    // its sort order (an index) and checking each row against the matches
    // (a Bloom filter, then the list), which stops after a page: fetching
    // every match first and sorting them costs one table read per match.
    conditions.push(`${options.inSortOrder ? "+" : ""}consultations.rowid IN (SELECT rowid FROM consultations_search WHERE consultations_search MATCH ?)`);
    params.push(searchPhrase(query.q!));
  } else if (query.q) {
    // LIKE on each row: one or two characters make no trigram; and a broad
    // search (more matches than the counts' cap) reads the list in its sort
    // order and tests each row, which stops after a page (a few hundred rows
    // when one in eight matches), where asking the index for every match
    // first costs one entry per match ("Lovelace" in 100 000: 12 500).
    const pattern = containsPattern(query.q);
    conditions.push("(customer_name LIKE ? ESCAPE '\\' OR customer_email LIKE ? ESCAPE '\\' OR project_name LIKE ? ESCAPE '\\')");
    params.push(pattern, pattern, pattern);
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

/**
 * The rows the query starts from. With a rating filter the rated
 * consultations are few: they are found through consultation_feedback's
 * rating index (or its primary key for "any feedback") and each read by id;
 * CROSS JOIN keeps SQLite from scanning the whole list in sort order and
 * testing every row instead. The sub-select exposes only consultation_id, so
 * the other clauses' plain column names still mean the consultation's.
 */
function fromClause(query: ListQuery): Statement {
  if (!query.rating || query.rating === "none") return { sql: "FROM consultations", params: [] };
  if (query.rating === "any") {
    return { sql: "FROM (SELECT consultation_id FROM consultation_feedback) AS rated CROSS JOIN consultations ON consultations.id = rated.consultation_id", params: [] };
  }
  return {
    sql: "FROM (SELECT consultation_id FROM consultation_feedback WHERE rating = ?) AS rated CROSS JOIN consultations ON consultations.id = rated.consultation_id",
    params: [Number(query.rating)],
  };
}

// Ties (consultations at the same instant) are broken by rowid, which every
// index of consultations carries after its columns: the index then yields the
// whole order and SQLite needs no sort of its own ("USE TEMP B-TREE").
function orderBy(query: ListQuery): string {
  const dir = query.dir === "asc" ? "ASC" : "DESC";
  switch (query.sort) {
    case "created":
      return `ORDER BY created_at ${dir}, consultations.rowid ${dir}`;
    case "name":
      return `ORDER BY customer_name COLLATE NOCASE ${dir}, consultation_date DESC, id`;
    case "date":
    default:
      return `ORDER BY consultation_date ${dir}, consultations.rowid ${dir}`;
  }
}

/**
 * How a search finds its page (docs/decisions/0044): "index" asks the search
 * index for the matches and sorts them (few matches: the counts were under
 * their cap), "scan" reads the list in its sort order and tests each row
 * (many matches). Without a search, or for the CSV export, "index".
 */
export type SearchPlan = "index" | "scan";

/** One page of the list (or, with no limit, every match: the CSV export). */
export function listSql(query: ListQuery, timeZone: string, page: { limit: number; offset: number }, searchPlan: SearchPlan = "index"): Statement {
  const searched = Boolean(query.q && usesSearchIndex(query.q));
  // Few matches: the search index drives the query, each match's row is read
  // by rowid and the few are sorted; with a rating filter the rated ones drive it.
  const indexDriven = searched && searchPlan === "index" && page.limit <= FEW_MATCHES_PAGE_LIMIT && (!query.rating || query.rating === "none");
  const from = indexDriven ? searchMatchesFrom(query.q!) : fromClause(query);
  const where = whereClause(query, timeZone, { withStatus: true, inSortOrder: true, searchInFrom: indexDriven, searchByScan: searched && searchPlan === "scan" });
  return {
    sql: `SELECT ${CONSULTATION_COLUMNS}, ${RATING_COLUMN} ${from.sql} ${where.sql} ${orderBy(query)} LIMIT ? OFFSET ?`,
    params: [...from.params, ...where.params, page.limit, page.offset],
  };
}

/**
 * The search index's matches as the query's first table, each match's row
 * then read by rowid: for few matches (a page of them, sorted) and for the
 * capped counts (the matches come one by one, so a LIMIT stops early).
 */
function searchMatchesFrom(term: string): Statement {
  return {
    sql: "FROM (SELECT rowid AS match_rowid FROM consultations_search WHERE consultations_search MATCH ?) AS matches CROSS JOIN consultations ON consultations.rowid = matches.match_rowid",
    params: [searchPhrase(term)],
  };
}

/** Past this, a page is an export, not a screen: the index-driven plan is only for pages. */
const FEW_MATCHES_PAGE_LIMIT = 1_000;

/**
 * Matches per status for the other filters (search, genre, dates), so the
 * status tabs can show what each would list. Their sum is the "All" count; the
 * current status's count is the total for paging.
 */
export function statusCountsSql(query: ListQuery, timeZone: string): Statement {
  const from = fromClause(query);
  const where = whereClause(query, timeZone, { withStatus: false, inSortOrder: false });
  // Nothing but the status narrows the list: the counts kept by migration
  // 0010's triggers instead of counting every consultation.
  if (from.sql === "FROM consultations" && !where.sql) {
    return { sql: "SELECT status, n FROM consultation_status_counts", params: [] };
  }
  // Only dates narrow it: one count per status, each a range of the
  // (status, consultation_date) index alone. Grouping the date range instead
  // reads every row in it for its status (a year of them is most of the table)
  // and sorts them by status.
  const onlyDates = from.sql === "FROM consultations" && !query.q && !query.genre && !query.rating && !query.source;
  const wholeDays = onlyDates ? wholeDaysOf(query, timeZone) : null;
  if (wholeDays) {
    // A range with whole UTC days in it: those from the counts kept per day
    // (migration 0012), the part-days at either end from the index.
    const { firstDay, endDay, head, tail } = wholeDays;
    const countIn = "(SELECT COUNT(*) FROM consultations WHERE consultations.status = s.status AND consultation_date >= ? AND consultation_date < ?)";
    return {
      sql: `SELECT s.status AS status, (SELECT COALESCE(SUM(d.n), 0) FROM consultation_day_counts d WHERE d.status = s.status AND d.day >= ? AND d.day < ?) + ${countIn} + ${countIn} AS n FROM consultation_status_counts s`,
      params: [firstDay, endDay, ...head, ...tail],
    };
  }
  if (onlyDates) {
    return {
      sql: `SELECT s.status AS status, (SELECT COUNT(*) FROM consultations ${where.sql} AND consultations.status = s.status) AS n FROM consultation_status_counts s`,
      params: where.params,
    };
  }
  return { sql: `SELECT status, COUNT(*) AS n ${from.sql} ${where.sql} GROUP BY status`, params: [...from.params, ...where.params] };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The whole UTC days of a date filter's range [from, to) (as consultation_day_counts
 * numbers them: [firstDay, endDay)) and the part-days before and after them
 * (empty ranges where there are none); null when the range holds no whole day.
 */
function wholeDaysOf(query: ListQuery, timeZone: string): { firstDay: number; endDay: number; head: [number, number]; tail: [number, number] } | null {
  const from = query.from ? startOfZonedDay(query.from, timeZone) : null;
  const to = query.to ? startOfZonedDay(addDaysToIsoDate(query.to, 1), timeZone) : null;
  const firstDay = from === null ? Number.MIN_SAFE_INTEGER : Math.ceil(from / DAY_MS);
  const endDay = to === null ? Number.MAX_SAFE_INTEGER : Math.floor(to / DAY_MS);
  if (firstDay >= endDay) return null;
  return {
    firstDay,
    endDay,
    head: from === null ? [0, 0] : [from, firstDay * DAY_MS],
    tail: to === null ? [0, 0] : [endDay * DAY_MS, to],
  };
}

/**
 * A search's counts per status, reading at most `cap + 1` matches: a broad
 * search ("Lovelace": one consultation in eight) would otherwise read every
 * match's row to learn its status (docs/decisions/0044). Under the cap the
 * counts are exact; when the sum is `cap + 1` there are more than `cap`
 * matches and the counts per status are only those of the first matches read.
 * The search index drives the query (its matches come one by one, so the
 * LIMIT stops it early) and each match's row is read by rowid to apply the
 * other filters; with a rating filter the rated consultations drive it, as in
 * the list.
 */
export function cappedStatusCountsSql(query: ListQuery, timeZone: string, cap: number): Statement {
  const indexDriven = Boolean(query.q && usesSearchIndex(query.q)) && (!query.rating || query.rating === "none");
  const from = indexDriven ? searchMatchesFrom(query.q!) : fromClause(query);
  const where = whereClause(query, timeZone, { withStatus: false, inSortOrder: false, searchInFrom: indexDriven });
  return {
    sql: `SELECT status, COUNT(*) AS n FROM (SELECT consultations.status AS status ${from.sql} ${where.sql} LIMIT ?) GROUP BY status`,
    params: [...from.params, ...where.params, cap + 1],
  };
}

/**
 * A search with nothing else narrowing its counts (no genre, dates, rating or
 * source; the status tab never narrows them): how many rows the search index
 * matches, up to cap + 1, without reading a single consultation. Past the cap
 * no count is shown (0044), so a broad search needs nothing more to know it.
 */
export function searchOnlyMatchCountSql(query: ListQuery, timeZone: string, cap: number): Statement | null {
  if (!query.q || !usesSearchIndex(query.q) || query.rating) return null;
  if (whereClause({ ...query, q: undefined }, timeZone, { withStatus: false, inSortOrder: false }).sql !== "") return null;
  return {
    sql: "SELECT COUNT(*) AS n FROM (SELECT rowid FROM consultations_search WHERE consultations_search MATCH ? LIMIT ?)",
    params: [searchPhrase(query.q), cap + 1],
  };
}

export type ConsultationSqlRow = {
  id: string;
  project_name: string;
  project_description: string;
  genre: string;
  bpm: number | null;
  communication_preference: string;
  consultation_date: number;
  duration_minutes: number;
  time_zone: string;
  status: string;
  customer_name: string;
  customer_email: string;
  customer_phone: string | null;
  special_requirements: string | null;
  google_calendar_event_id: string | null;
  admin_notes: string | null;
  created_at: number;
  updated_at: number;
  rating: number | null;
};
