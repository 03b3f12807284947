import { z } from "zod";
import { addDaysToIsoDate, isIsoDate, utcMidnightOf } from "./calendar-date";
import { instantAtWallClock } from "./time-zones";

// Closures of the booking calendar (holidays, studio sessions), entered on
// /admin/availability in the studio's zone and stored as UTC instants.

export const MAX_CLOSURE_DAYS = 366;
export const MAX_CLOSURE_REASON = 200;

// A real date in a range where the day after it is still a valid date.
const plausibleDate = (s: string) => isIsoDate(s) && s >= "2000-01-01" && s <= "2199-12-31";

const time = (label: string) =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label} must be a time like 14:30`)
    .optional();

export const closureFormSchema = z
  .object({
    kind: z.enum(["days", "times"], { errorMap: () => ({ message: "Choose whole days or a time range" }) }),
    startDate: z
      .string({ required_error: "Enter the first date" })
      .refine(plausibleDate, "Enter the first date like 2026-12-24"),
    endDate: z
      .string()
      .refine(plausibleDate, "Enter the last date like 2026-12-26")
      .optional(),
    startTime: time("The start time"),
    endTime: time("The end time"),
    reason: z
      .string({ required_error: "Say why the studio is closed, like “Bank holiday”" })
      .trim()
      .min(1, "Say why the studio is closed, like “Bank holiday”")
      .max(MAX_CLOSURE_REASON, `Keep the reason to ${MAX_CLOSURE_REASON} characters or fewer`),
  })
  .superRefine((v, ctx) => {
    const endDate = v.endDate ?? v.startDate;
    // Refinements run even when a field failed: only compare real dates.
    if (!plausibleDate(v.startDate) || !plausibleDate(endDate)) return;
    if (endDate < v.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "The last date must be on or after the first date" });
    else if ((utcMidnightOf(endDate) - utcMidnightOf(v.startDate)) / 86_400_000 >= MAX_CLOSURE_DAYS) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: `A closure can cover at most ${MAX_CLOSURE_DAYS} days` });
    }
    if (v.kind === "times") {
      if (!v.startTime) ctx.addIssue({ code: "custom", path: ["startTime"], message: "Enter the time the closure starts" });
      if (!v.endTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "Enter the time the closure ends" });
      if (v.startTime && v.endTime && endDate === v.startDate && v.endTime <= v.startTime) {
        ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
      }
    }
  });

export type ClosureForm = z.infer<typeof closureFormSchema>;

export type ClosureInterval = { start: number; end: number; allDay: boolean };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The first instant of a studio-zone date (midnight, or the first wall time after a DST gap). */
export function startOfZonedDay(date: string, timeZone: string): number {
  for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
    const instant = instantAtWallClock(date, minutes, timeZone);
    if (instant !== null) return instant;
  }
  throw new RangeError(`No wall time on ${date} in ${timeZone}`);
}

/**
 * The instants a closure covers, [start, end). Whole days run from the first
 * date's midnight to the midnight after the last date. A wall time that the
 * clocks skip (spring forward) has no instant and is reported against its field.
 */
export function closureInterval(form: ClosureForm, timeZone: string): { ok: true; interval: ClosureInterval } | { ok: false; field: "startTime" | "endTime"; message: string } {
  const endDate = form.endDate ?? form.startDate;
  if (form.kind === "days") {
    return {
      ok: true,
      interval: { start: startOfZonedDay(form.startDate, timeZone), end: startOfZonedDay(addDaysToIsoDate(endDate, 1), timeZone), allDay: true },
    };
  }
  const start = instantAtWallClock(form.startDate, minutesOf(form.startTime ?? "00:00"), timeZone);
  if (start === null) return { ok: false, field: "startTime", message: `The clocks skip ${form.startTime} on ${form.startDate} in ${timeZone}; pick another time` };
  const end = instantAtWallClock(endDate, minutesOf(form.endTime ?? "00:00"), timeZone);
  if (end === null) return { ok: false, field: "endTime", message: `The clocks skip ${form.endTime} on ${endDate} in ${timeZone}; pick another time` };
  if (end <= start) return { ok: false, field: "endTime", message: "The closure must end after it starts" };
  return { ok: true, interval: { start, end, allDay: false } };
}
