import { z } from "zod";
import { canonicalTimeZone, isValidTimeZone } from "./time-zones";

// One schema for the booking form (conform, in the browser and in the action)
// and for POST /api/consultations. Field names follow the seed's API.

export const GENRES = [
  "Hip-Hop",
  "Trap",
  "R&B / Soul",
  "Pop",
  "Rock",
  "Indie",
  "Electronic",
  "House",
  "Techno",
  "Drum & Bass",
  "Jazz",
  "Classical",
  "Country",
  "Reggae",
  "Afrobeats",
  "Latin",
  "Metal",
  "Folk",
  "Film / Game score",
  "Podcast / Spoken word",
  "Other",
] as const;
export type Genre = (typeof GENRES)[number];

export const LIMITS = {
  projectName: 100,
  projectDescription: 500,
  customerName: 100,
  customerEmail: 254,
  specialRequirements: 1000,
  bpmMin: 20,
  bpmMax: 300,
} as const;

// E.164 after removing the separators people type: spaces, dots, dashes, brackets.
const PHONE_SEPARATORS = /[\s().-]/g;
export function normalisePhone(raw: string): string {
  return raw.replace(PHONE_SEPARATORS, "");
}
const E164 = /^\+[1-9]\d{6,14}$/;
/**
 * The same rule as an HTML `pattern` (browsers anchor it and compile it with
 * the `v` flag): E.164 with the separators allowed anywhere. The booking page's
 * script sets it, so the browser can say what the server would.
 */
const SEPARATOR = "[\\s\\(\\)\\.\\-]";
export const PHONE_INPUT_PATTERN = `${SEPARATOR}*\\+${SEPARATOR}*[1-9](?:${SEPARATOR}*\\d){6,14}${SEPARATOR}*`;

const requiredText = (label: string, max: number) =>
  z
    .string({ required_error: `Enter ${label}`, invalid_type_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `Keep ${label} to ${max} characters or fewer`);

export const consultationInputSchema = z.object({
  projectName: requiredText("a project name", LIMITS.projectName),
  projectDescription: requiredText("a short description of the project", LIMITS.projectDescription),
  genre: z.enum(GENRES, {
    errorMap: () => ({ message: "Choose a genre (pick Other if none fits)" }),
  }),
  bpm: z
    .number({ invalid_type_error: "BPM must be a whole number" })
    .int("BPM must be a whole number")
    .min(LIMITS.bpmMin, `BPM must be between ${LIMITS.bpmMin} and ${LIMITS.bpmMax}`)
    .max(LIMITS.bpmMax, `BPM must be between ${LIMITS.bpmMin} and ${LIMITS.bpmMax}`)
    .optional(),
  customerName: requiredText("your name", LIMITS.customerName),
  customerEmail: z
    .string({ required_error: "Enter your email address" })
    .trim()
    .min(1, "Enter your email address")
    .max(LIMITS.customerEmail, "That email address is too long")
    .email("Enter a valid email address, like name@example.com"),
  customerPhone: z
    .string()
    .trim()
    .transform(normalisePhone)
    .refine((p) => E164.test(p), "Enter the phone number in international format, like +44 20 7946 0958")
    .optional(),
  specialRequirements: z
    .string()
    .trim()
    .max(LIMITS.specialRequirements, `Keep special requirements to ${LIMITS.specialRequirements} characters or fewer`)
    .optional(),
  consultationDate: z
    .string({ required_error: "Choose a time for your consultation" })
    .min(1, "Choose a time for your consultation")
    .datetime({ offset: true, message: "Choose a time for your consultation" }),
  timeZone: z
    .string({ required_error: "Choose your time zone" })
    .refine(isValidTimeZone, "Choose a valid time zone, like Europe/London")
    .transform(canonicalTimeZone),
});

export type ConsultationInput = z.infer<typeof consultationInputSchema>;

// The booking form adds two fields the API does not need: the honeypot and its
// own idempotency key (so a double click or a resubmitted page books once).
export const HONEYPOT_FIELD = "website";
export const bookingFormSchema = consultationInputSchema.extend({
  idempotencyKey: z.string().uuid("The form expired; reload the page and try again"),
  [HONEYPOT_FIELD]: z.string().optional(),
});

export const CONSULTATION_STATUSES = ["scheduled", "completed", "cancelled", "no_show"] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

// A short reference a client can quote on the phone.
export function consultationReference(id: string): string {
  return `SC-${id.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

/** The genre a studio page's `service` parameter names (case-insensitive), if it names one: the embed pre-selects it. */
export function genreForService(service: string | null | undefined): Genre | undefined {
  const wanted = service?.trim().toLowerCase();
  if (!wanted) return undefined;
  return GENRES.find((genre) => genre.toLowerCase() === wanted);
}

/**
 * What the booking form starts with when a studio page opened it for a
 * service (the embed's data-service): the genre when the service names one,
 * otherwise a note of the interest in the special requirements, which the
 * client can still edit or clear.
 */
export function bookingDefaultsForService(service: string | null | undefined): { genre?: Genre; specialRequirements?: string } {
  const genre = genreForService(service);
  if (genre) return { genre };
  const interest = service?.replace(/\s+/g, " ").trim().slice(0, 80);
  return interest ? { specialRequirements: `Interested in: ${interest}` } : {};
}
