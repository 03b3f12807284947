import { z } from "zod";
import { canonicalLocale } from "./locale";
import { canonicalTimeZone, isIsoDate, isValidTimeZone } from "./time-zones";

// Query parameters of GET /api/slots and of the booking page.
export const MAX_DAYS = 62;

export const availabilityQuerySchema = z.object({
  from: z
    .string()
    .refine(isIsoDate, "from must be a date in the form YYYY-MM-DD")
    .optional(),
  days: z
    .string()
    .regex(/^\d+$/, `days must be a whole number from 1 to ${MAX_DAYS}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_DAYS, `days must be a whole number from 1 to ${MAX_DAYS}`)
    .optional(),
  tz: z
    .string()
    .refine(isValidTimeZone, "tz must be an IANA time zone, like Europe/London or America/New_York")
    .transform(canonicalTimeZone)
    .optional(),
});

export type AvailabilityQuery = z.infer<typeof availabilityQuerySchema>;

// GET /api/slots also takes the labels' locale. (The pages negotiate theirs
// from Accept-Language and fall back quietly; an API caller hears about a bad tag.)
export const slotsApiQuerySchema = availabilityQuerySchema.extend({
  locale: z
    .string()
    .transform((tag, ctx) => {
      const locale = canonicalLocale(tag);
      if (!locale) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "locale must be a language tag, like en-GB or de-DE" });
      return locale ?? tag;
    })
    .optional(),
});

function rawQuery(url: URL, keys: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const key of keys) {
    const value = url.searchParams.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  return raw;
}

export function queryFromUrl(url: URL) {
  return availabilityQuerySchema.safeParse(rawQuery(url, ["from", "days", "tz"]));
}

export function slotsApiQueryFromUrl(url: URL) {
  return slotsApiQuerySchema.safeParse(rawQuery(url, ["from", "days", "tz", "locale"]));
}
