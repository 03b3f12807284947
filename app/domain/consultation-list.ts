import { z } from "zod";
import { isIsoDate } from "./calendar-date";
import { CONSULTATION_STATUSES, GENRES } from "./consultation";

// The admin consultation list's query: search, filters, sort and page. The
// same schema reads the page's URL (/admin/consultations?...), the CSV export
// and GET /api/consultations, so a bookmarked view, its export and the API
// agree. Dates are calendar dates in the studio's zone.
//
// Imports stay relative: tests/integration/admin-query-plans.test.ts loads the
// SQL builder that uses this in Node, outside the Remix build.

export const LIST_PAGE_SIZE = 25;
export const LIST_SORTS = ["date", "created", "name"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const SORT_LABELS: Record<ListSort, string> = { date: "Consultation date", created: "Booked on", name: "Client name" };
export const MAX_SEARCH_LENGTH = 100;
// The client's feedback (docs/decisions/0018): one rating, any feedback, or none yet.
export const RATING_FILTERS = ["5", "4", "3", "2", "1", "any", "none"] as const;
export type RatingFilter = (typeof RATING_FILTERS)[number];
export const RATING_FILTER_LABELS: Record<RatingFilter, string> = {
  "5": "5 – Excellent",
  "4": "4 – Very good",
  "3": "3 – Good",
  "2": "2 – Fair",
  "1": "1 – Poor",
  any: "Any feedback",
  none: "No feedback yet",
};
const MAX_PAGE = 10_000;

// The direction a sort takes when the URL doesn't say.
export const DEFAULT_DIRECTION: Record<ListSort, "asc" | "desc"> = { date: "desc", created: "desc", name: "asc" };

// Years are bounded so date arithmetic on the range (the day after "to") stays valid.
const isoDate = (label: string) =>
  z
    .string()
    .refine((s) => isIsoDate(s) && s >= "1970-01-01" && s <= "2199-12-31", `${label} must be a date like 2026-12-01`);

export const listQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .max(MAX_SEARCH_LENGTH, `Keep the search to ${MAX_SEARCH_LENGTH} characters or fewer`)
      .optional()
      .transform((s) => s || undefined),
    status: z.enum(CONSULTATION_STATUSES, { errorMap: () => ({ message: "Choose a status from the list" }) }).optional(),
    genre: z.enum(GENRES, { errorMap: () => ({ message: "Choose a genre from the list" }) }).optional(),
    rating: z.enum(RATING_FILTERS, { errorMap: () => ({ message: "The rating must be 1 to 5, any or none" }) }).optional(),
    from: isoDate("The start date").optional(),
    to: isoDate("The end date").optional(),
    // A source page path ("/services/mixing"), or "direct" for bookings without one.
    source: z
      .string()
      .trim()
      .max(300, "The source must be a page path of at most 300 characters")
      .refine((s) => s === "direct" || s.startsWith("/"), "The source must be a page path such as /services/mixing, or direct")
      .optional(),
    sort: z.enum(LIST_SORTS, { errorMap: () => ({ message: "Sort by date, created or name" }) }).default("date"),
    dir: z.enum(["asc", "desc"], { errorMap: () => ({ message: "The direction must be asc or desc" }) }).optional(),
    page: z
      .string()
      .regex(/^\d+$/, "The page must be a whole number")
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_PAGE, `The page must be between 1 and ${MAX_PAGE}`)
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must be on or after the start date" });
    }
  });

export type ListQuery = {
  q?: string;
  status?: (typeof CONSULTATION_STATUSES)[number];
  genre?: (typeof GENRES)[number];
  rating?: RatingFilter;
  from?: string;
  to?: string;
  source?: string;
  sort: ListSort;
  dir: "asc" | "desc";
  page: number;
};

export const DEFAULT_LIST_QUERY: ListQuery = { sort: "date", dir: DEFAULT_DIRECTION.date, page: 1 };

const KEYS = ["q", "status", "genre", "rating", "from", "to", "source", "sort", "dir", "page"] as const;

function rawParams(params: URLSearchParams): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value.trim() !== "") raw[key] = value;
  }
  return raw;
}

function complete(value: z.infer<typeof listQuerySchema>): ListQuery {
  return { ...value, dir: value.dir ?? DEFAULT_DIRECTION[value.sort], page: value.page ?? 1 };
}

/** Strict: the API answers 422 with these errors. */
export function parseListQuery(params: URLSearchParams): { ok: true; query: ListQuery } | { ok: false; errors: Record<string, string[]> } {
  const parsed = listQuerySchema.safeParse(rawParams(params));
  if (parsed.success) return { ok: true, query: complete(parsed.data) };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "_")] ??= []).push(issue.message);
  return { ok: false, errors };
}

/**
 * Lenient, for pages: a bad value in a hand-edited or old bookmark is dropped
 * (and reported beside the filter) instead of failing the whole page.
 */
export function readListQuery(params: URLSearchParams): { query: ListQuery; errors: Record<string, string[]> } {
  const strict = parseListQuery(params);
  if (strict.ok) return { query: strict.query, errors: {} };
  const raw = rawParams(params);
  for (const key of Object.keys(strict.errors)) delete raw[key];
  // "to" before "from" reports on "to"; dropping it leaves a valid query.
  const retry = listQuerySchema.safeParse(raw);
  return { query: retry.success ? complete(retry.data) : DEFAULT_LIST_QUERY, errors: strict.errors };
}

/** The URL parameters for a query, leaving out defaults so links stay short. */
export function listQueryParams(query: Partial<ListQuery>, overrides: Partial<ListQuery> = {}): URLSearchParams {
  const q = { ...DEFAULT_LIST_QUERY, ...query, ...overrides };
  const params = new URLSearchParams();
  if (q.q) params.set("q", q.q);
  if (q.status) params.set("status", q.status);
  if (q.genre) params.set("genre", q.genre);
  if (q.rating) params.set("rating", q.rating);
  if (q.from) params.set("from", q.from);
  if (q.to) params.set("to", q.to);
  if (q.source) params.set("source", q.source);
  if (q.sort !== DEFAULT_LIST_QUERY.sort) params.set("sort", q.sort);
  if (q.dir !== DEFAULT_DIRECTION[q.sort]) params.set("dir", q.dir);
  if (q.page > 1) params.set("page", String(q.page));
  return params;
}

export function pageCount(total: number, pageSize = LIST_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Whether the query narrows the list (so an empty result is "no matches", not "no bookings yet"). */
export function isFiltered(query: ListQuery): boolean {
  return Boolean(query.q || query.status || query.genre || query.rating || query.from || query.to || query.source);
}
