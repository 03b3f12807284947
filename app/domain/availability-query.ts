import { z } from "zod";
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

export function queryFromUrl(url: URL) {
  const raw: Record<string, string> = {};
  for (const key of ["from", "days", "tz"] as const) {
    const value = url.searchParams.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  return availabilityQuerySchema.safeParse(raw);
}
