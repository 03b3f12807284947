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

/** LIKE pattern for a substring, with the wildcards in the term escaped. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereClause(query: ListQuery, timeZone: string, options: { withStatus: boolean }): Statement {
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
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push("(customer_name LIKE ? ESCAPE '\\' OR customer_email LIKE ? ESCAPE '\\' OR project_name LIKE ? ESCAPE '\\')");
    params.push(pattern, pattern, pattern);
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

function orderBy(query: ListQuery): string {
  const dir = query.dir === "asc" ? "ASC" : "DESC";
  switch (query.sort) {
    case "created":
      return `ORDER BY created_at ${dir}, id ${dir}`;
    case "name":
      return `ORDER BY customer_name COLLATE NOCASE ${dir}, consultation_date DESC, id`;
    case "date":
    default:
      return `ORDER BY consultation_date ${dir}, id ${dir}`;
  }
}

/** One page of the list (or, with no limit, every match: the CSV export). */
export function listSql(query: ListQuery, timeZone: string, page: { limit: number; offset: number }): Statement {
  const where = whereClause(query, timeZone, { withStatus: true });
  return {
    sql: `SELECT ${CONSULTATION_COLUMNS} FROM consultations ${where.sql} ${orderBy(query)} LIMIT ? OFFSET ?`,
    params: [...where.params, page.limit, page.offset],
  };
}

/**
 * Matches per status for the other filters (search, genre, dates), so the
 * status tabs can show what each would list. Their sum is the "All" count; the
 * current status's count is the total for paging.
 */
export function statusCountsSql(query: ListQuery, timeZone: string): Statement {
  const where = whereClause(query, timeZone, { withStatus: false });
  return { sql: `SELECT status, COUNT(*) AS n FROM consultations ${where.sql} GROUP BY status`, params: where.params };
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
};
