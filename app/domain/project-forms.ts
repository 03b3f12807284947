import { z } from "zod";
import { isIsoDate } from "./calendar-date";
import { MILESTONES } from "./project";

// What the studio sends to move a project forward, shared by the admin form
// (conform, in the browser and the action) and POST /api/projects/:id/milestones,
// plus the project list's status filter. The order rules live in project.ts.

export const MAX_MILESTONE_NOTE_LENGTH = 1000;

export const milestoneFormSchema = z.object({
  milestone: z.enum(MILESTONES, { errorMap: () => ({ message: "Pick a milestone of the project" }) }),
  note: z
    .string({ invalid_type_error: "The note must be text" })
    .trim()
    .max(MAX_MILESTONE_NOTE_LENGTH, `Keep the note to the client to ${MAX_MILESTONE_NOTE_LENGTH} characters or fewer`)
    .nullish()
    .transform((s) => s || null),
});
export type MilestoneForm = z.infer<typeof milestoneFormSchema>;

/** The list's filters: "open" (waiting for files or in progress) is the default view. */
export const PROJECT_FILTERS = ["open", "awaiting_files", "in_progress", "delivered", "cancelled", "all"] as const;
export type ProjectFilter = (typeof PROJECT_FILTERS)[number];

export const projectListQuerySchema = z.object({
  status: z.enum(PROJECT_FILTERS, { errorMap: () => ({ message: `Status must be one of ${PROJECT_FILTERS.join(", ")}` }) }).default("open"),
  page: z.coerce
    .number({ invalid_type_error: "Page must be a whole number" })
    .int("Page must be a whole number")
    .min(1, "Page starts at 1")
    .max(10_000, "Page is too large")
    .default(1),
});
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;

/** The list query from URL parameters ("" counts as absent), or field errors. */
export function parseProjectListQuery(
  params: URLSearchParams,
): { ok: true; query: ProjectListQuery } | { ok: false; errors: Record<string, string[]> } {
  const raw: Record<string, string> = {};
  for (const key of ["status", "page"]) {
    const value = params.get(key);
    if (value !== null && value.trim() !== "") raw[key] = value.trim();
  }
  const parsed = projectListQuerySchema.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "_")] ??= []).push(issue.message);
  return { ok: false, errors };
}

/** "Friday 12 June 2026" for the studio date "2026-06-12" (a wall-calendar day: no zone involved). */
export function longDateLabel(date: string): string {
  if (!isIsoDate(date)) return date;
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d));
}
