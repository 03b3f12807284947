import { z } from "zod";
import { CONSULTATION_STATUSES, consultationInputSchema } from "./consultation";
import { MAX_REASON_LENGTH } from "./status";

// Schemas for changing a consultation after it was booked, shared by the admin
// forms (conform, in the browser and the action) and PUT /api/consultations/:id.
// The field rules are the booking form's, so the studio can't save what a
// client couldn't have sent.

export const MAX_NOTES_LENGTH = 5000;

const booking = consultationInputSchema.shape;

/** The details a client sent, as the edit form submits them (all at once). */
export const detailsFormSchema = z.object({
  projectName: booking.projectName,
  projectDescription: booking.projectDescription,
  genre: booking.genre,
  bpm: booking.bpm,
  customerName: booking.customerName,
  customerEmail: booking.customerEmail,
  customerPhone: booking.customerPhone,
  specialRequirements: booking.specialRequirements,
  timeZone: booking.timeZone,
});
export type DetailsForm = z.infer<typeof detailsFormSchema>;

/** What a change to the details may contain; null clears an optional field. */
export type DetailsPatch = {
  projectName?: string;
  projectDescription?: string;
  genre?: DetailsForm["genre"];
  bpm?: number | null;
  customerName?: string;
  customerEmail?: string;
  customerPhone?: string | null;
  specialRequirements?: string | null;
  timeZone?: string;
};

/** The form sends every field; an empty optional field clears it. */
export function patchFromForm(form: DetailsForm): DetailsPatch {
  return {
    ...form,
    bpm: form.bpm ?? null,
    customerPhone: form.customerPhone ?? null,
    specialRequirements: form.specialRequirements || null,
  };
}

export const notesSchema = z.object({
  adminNotes: z
    .string()
    .trim()
    .max(MAX_NOTES_LENGTH, `Keep the notes to ${MAX_NOTES_LENGTH} characters or fewer`)
    .optional()
    .transform((s) => s || null),
});

const reason = z
  .string()
  .trim()
  .max(MAX_REASON_LENGTH, `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer`)
  .optional()
  .transform((s) => s || undefined);

export const statusChangeSchema = z.object({
  status: z.enum(CONSULTATION_STATUSES, { errorMap: () => ({ message: "Choose the new status" }) }),
  reason,
});

export const cancelSchema = z.object({ reason });

export const rescheduleSchema = z.object({
  consultationDate: z
    .string({ required_error: "Choose the new time" })
    .min(1, "Choose the new time")
    .datetime({ offset: true, message: "Choose the new time" }),
  reason,
});

// PUT /api/consultations/:id: any of the details (null clears an optional
// one), the notes, a new status with its reason, or a new time. Unknown keys
// are refused so a typo isn't silently ignored.
const nullable = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === "" ? null : v), schema.nullable());

export const consultationUpdateSchema = z
  .object({
    projectName: booking.projectName.optional(),
    projectDescription: booking.projectDescription.optional(),
    genre: booking.genre.optional(),
    bpm: nullable(booking.bpm.unwrap()).optional(),
    customerName: booking.customerName.optional(),
    customerEmail: booking.customerEmail.optional(),
    customerPhone: nullable(booking.customerPhone.unwrap()).optional(),
    specialRequirements: nullable(booking.specialRequirements.unwrap()).optional(),
    timeZone: booking.timeZone.optional(),
    adminNotes: nullable(z.string().trim().max(MAX_NOTES_LENGTH, `Keep the notes to ${MAX_NOTES_LENGTH} characters or fewer`)).optional(),
    status: statusChangeSchema.shape.status.optional(),
    consultationDate: rescheduleSchema.shape.consultationDate.optional(),
    reason,
  })
  .strict("Unknown field")
  .superRefine((body, ctx) => {
    if (body.status && body.consultationDate) {
      ctx.addIssue({ code: "custom", path: ["consultationDate"], message: "Change the status or the time, not both in one request" });
    }
  });
export type ConsultationUpdate = z.infer<typeof consultationUpdateSchema>;

export const DETAIL_FIELDS = [
  "projectName",
  "projectDescription",
  "genre",
  "bpm",
  "customerName",
  "customerEmail",
  "customerPhone",
  "specialRequirements",
  "timeZone",
] as const satisfies readonly (keyof DetailsPatch)[];

export const DETAIL_LABELS: Record<(typeof DETAIL_FIELDS)[number], string> = {
  projectName: "project name",
  projectDescription: "project description",
  genre: "genre",
  bpm: "BPM",
  customerName: "client name",
  customerEmail: "email",
  customerPhone: "phone",
  specialRequirements: "special requirements",
  timeZone: "time zone",
};
