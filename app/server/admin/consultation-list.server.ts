import { CONSULTATION_STATUSES, type ConsultationStatus } from "~/domain/consultation";
import { LIST_PAGE_SIZE, pageCount, type ListQuery } from "~/domain/consultation-list";
import { cappedStatusCountsSql, listSql, searchOnlyMatchCountSql, statusCountsSql, usesSearchIndex, type ConsultationSqlRow, type SearchPlan, type Statement } from "./list-sql";
import { lastBreadth, noteBreadth } from "./search-breadth.server";

// The admin consultation list: one page, the counts per status, the CSV's rows.

// The columns the list, the CSV and the list API show (not the calendar-sync internals).
export type ConsultationListItem = {
  id: string;
  projectName: string;
  projectDescription: string;
  genre: string;
  bpm: number | null;
  communicationPreference: string;
  consultationDate: number;
  durationMinutes: number;
  timeZone: string;
  status: ConsultationStatus;
  customerName: string;
  customerEmail: string;
  customerPhone: string | null;
  specialRequirements: string | null;
  googleCalendarEventId: string | null;
  adminNotes: string | null;
  createdAt: number;
  updatedAt: number;
  /** The client's feedback rating (1-5), or null. */
  rating: number | null;
};

export type StatusCounts = Record<ConsultationStatus | "all", number>;

export type ConsultationPage = {
  rows: ConsultationListItem[];
  /** Matches per status, or null when a search matched more than `countLimit` (the counts stopped there). */
  counts: StatusCounts | null;
  /** The list's matches (the current status's), or null when the counts stopped at the cap. */
  total: number | null;
  page: number;
  /** Pages in all, or null when the total is not known. */
  pages: number | null;
  hasNextPage: boolean;
  pageSize: number;
  /** The most matches a search's counts read (docs/decisions/0044). */
  countLimit: number;
};

export const CSV_MAX_ROWS = 10_000;

/**
 * A search counts at most this many matches: past it the list says "1,000+"
 * (docs/decisions/0044). Filters without a search keep exact counts.
 */
export const SEARCH_COUNT_LIMIT = 1_000;

export async function listConsultations(
  d1: D1Database,
  query: ListQuery,
  timeZone: string,
  options: { countLimit?: number } = {},
): Promise<ConsultationPage> {
  const countLimit = options.countLimit ?? SEARCH_COUNT_LIMIT;
  const offset = (query.page - 1) * LIST_PAGE_SIZE;
  const searched = Boolean(query.q && usesSearchIndex(query.q));
  const countsSql = query.q ? cappedStatusCountsSql(query, timeZone, countLimit) : statusCountsSql(query, timeZone);
  // One row more than a page: whether there is a next page, even when the total is not known.
  const pageOf = (plan: SearchPlan) => prepare(d1, listSql(query, timeZone, { limit: LIST_PAGE_SIZE + 1, offset }, plan));
  let rows: D1Result;
  let sums: StatusCounts;
  const matchCountSql = searched ? searchOnlyMatchCountSql(query, timeZone, countLimit) : null;
  // The breadth of this search last time, if it was made here lately: the count and the page go out together (0067).
  const guess = searched ? lastBreadth(query, countLimit) : undefined;
  if (matchCountSql && guess === "many") {
    // Broad last time: the index's count and the page in list order, together.
    const [matchRows, page] = await d1.batch([prepare(d1, matchCountSql), pageOf("scan")]);
    const matches = (matchRows.results?.[0] as { n: number } | undefined)?.n ?? 0;
    rows = page;
    sums = matches > countLimit ? { ...statusCounts([]), all: matches } : sumsOf(await prepare(d1, countsSql).all());
  } else if (matchCountSql && guess === undefined) {
    // A search and nothing else: the index's own count decides (no row read).
    // Past the cap there are no counts to show and the list is read in order;
    // under it, the exact counts and the index-driven page in one batch.
    const matches = (await prepare(d1, matchCountSql).first<{ n: number }>())?.n ?? 0;
    if (matches > countLimit) {
      sums = { ...statusCounts([]), all: matches };
      rows = await pageOf("scan").all();
    } else {
      const [countRows, page] = await d1.batch([prepare(d1, countsSql), pageOf("index")]);
      sums = sumsOf(countRows);
      rows = page;
    }
  } else if (searched && guess !== undefined) {
    // The capped counts and the page found the way that suited last time.
    const [countRows, page] = await d1.batch([prepare(d1, countsSql), pageOf(guess === "many" ? "scan" : "index")]);
    sums = sumsOf(countRows);
    rows = page;
  } else if (searched) {
    // A search counts first (at most countLimit + 1 matches), and how many
    // there are decides how its page is found (list-sql.ts: SearchPlan): a
    // second round trip, cheaper than a plan that is slow for one kind of term.
    sums = sumsOf(await prepare(d1, countsSql).all());
    rows = await pageOf(sums.all > countLimit ? "scan" : "index").all();
  } else {
    const [page, countRows] = await d1.batch([pageOf("index"), prepare(d1, countsSql)]);
    rows = page;
    sums = sumsOf(countRows);
  }
  if (searched) noteBreadth(query, countLimit, sums.all > countLimit ? "many" : "few");
  // Only a search's counts stop at the limit; a sum past it means they did.
  const counts = query.q && sums.all > countLimit ? null : sums;
  const total = counts ? (query.status ? counts[query.status] : counts.all) : null;
  const pageRows = ((rows.results ?? []) as ConsultationSqlRow[]).map(fromSql);
  return {
    rows: pageRows.slice(0, LIST_PAGE_SIZE),
    counts,
    total,
    page: query.page,
    pages: total === null ? null : pageCount(total),
    hasNextPage: pageRows.length > LIST_PAGE_SIZE,
    pageSize: LIST_PAGE_SIZE,
    countLimit,
  };
}

/** Every match of the filters, in the list's order (the page is ignored), up to CSV_MAX_ROWS. */
export async function allMatchingConsultations(d1: D1Database, query: ListQuery, timeZone: string): Promise<{ rows: ConsultationListItem[]; truncated: boolean }> {
  const statement = listSql({ ...query, page: 1 }, timeZone, { limit: CSV_MAX_ROWS + 1, offset: 0 });
  const result = await prepare(d1, statement).all<ConsultationSqlRow>();
  const rows = (result.results ?? []).map(fromSql);
  return { rows: rows.slice(0, CSV_MAX_ROWS), truncated: rows.length > CSV_MAX_ROWS };
}

function prepare(d1: D1Database, statement: Statement) {
  return d1.prepare(statement.sql).bind(...statement.params);
}

const sumsOf = (result: D1Result) => statusCounts((result.results ?? []) as { status: string; n: number }[]);

function statusCounts(rows: { status: string; n: number }[]): StatusCounts {
  const counts = Object.fromEntries([...CONSULTATION_STATUSES, "all"].map((s) => [s, 0])) as StatusCounts;
  for (const row of rows) {
    if ((CONSULTATION_STATUSES as readonly string[]).includes(row.status)) counts[row.status as ConsultationStatus] = row.n;
    counts.all += row.n;
  }
  return counts;
}

export function fromSql(r: ConsultationSqlRow): ConsultationListItem {
  return {
    id: r.id,
    projectName: r.project_name,
    projectDescription: r.project_description,
    genre: r.genre,
    bpm: r.bpm,
    communicationPreference: r.communication_preference,
    consultationDate: r.consultation_date,
    durationMinutes: r.duration_minutes,
    timeZone: r.time_zone,
    status: r.status as ConsultationStatus,
    customerName: r.customer_name,
    customerEmail: r.customer_email,
    customerPhone: r.customer_phone,
    specialRequirements: r.special_requirements,
    googleCalendarEventId: r.google_calendar_event_id,
    adminNotes: r.admin_notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    rating: r.rating ?? null,
  };
}
