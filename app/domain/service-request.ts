import { z } from "zod";
import { MAX_TRACKS, MIN_TRACKS } from "./catalogue";
import { isIsoDate } from "./calendar-date";
import { wholeNumberField } from "./money-field";

// The client's service request, in three steps behind their private link:
// 1. a package and add-ons (ids only: the server prices them from the
//    catalogue, a client never sends an amount), 2. the project (tracks,
//    download links, a wished deadline, notes), 3. review and send, which
//    validates everything again with the full schema.

export const SERVICE_REQUEST_LIMITS = { linksMin: 1, linksMax: 10, linkLength: 2000, notes: 2000, addonsMax: 20 } as const;

/**
 * Download links from a textarea (one per line; blank lines ignored) or
 * from repeated `links` fields (each of which may itself hold several lines).
 */
export function parseLinks(input: string | readonly string[] | null | undefined): string[] {
  const texts = input == null ? [] : typeof input === "string" ? [input] : input;
  return texts
    .flatMap((text) => String(text).split(/\r\n|\r|\n/))
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Why a link can't be used, or null. `position` is 1-based for the message. */
export function linkProblem(link: string, position: number): string | null {
  if (link.length > SERVICE_REQUEST_LIMITS.linkLength) return `Link ${position} is longer than ${SERVICE_REQUEST_LIMITS.linkLength} characters`;
  if (!/^https?:\/\//i.test(link)) return `Link ${position} must start with http:// or https://`;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return `Link ${position} isn't a valid web address`;
  }
  if (!url.hostname || /\s/.test(link)) return `Link ${position} isn't a valid web address`;
  if (url.username || url.password) return `Link ${position} must not contain a user name or password; share a link instead`;
  return null;
}

const linksField = z
  .preprocess(
    (value) => parseLinks(Array.isArray(value) ? value.map(String) : typeof value === "string" ? value : undefined),
    z.array(z.string()),
  )
  .superRefine((links, ctx) => {
    if (links.length < SERVICE_REQUEST_LIMITS.linksMin) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Add at least one download link for your files" });
      return;
    }
    if (links.length > SERVICE_REQUEST_LIMITS.linksMax) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `At most ${SERVICE_REQUEST_LIMITS.linksMax} links` });
      return;
    }
    links.forEach((link, index) => {
      const problem = linkProblem(link, index + 1);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    });
  });

const idList = z
  .preprocess((value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().trim().min(1).max(100)))
  .transform((ids) => [...new Set(ids)])
  .refine((ids) => ids.length <= SERVICE_REQUEST_LIMITS.addonsMax, "Choose add-ons from the list");

/** Step 1: the package and add-ons. */
export const serviceRequestPackageStepSchema = z.object({
  packageId: z.string({ required_error: "Choose a package" }).trim().min(1, "Choose a package").max(100, "Choose a package"),
  addonIds: idList,
});

/** Step 2: the project. `today` is the studio's (or client's) date, "YYYY-MM-DD". */
export function serviceRequestProjectStepSchema({ today }: { today: string }) {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${today}`);
  return z.object({
    trackCount: wholeNumberField(
      "Enter the number of tracks as a whole number",
      MIN_TRACKS,
      MAX_TRACKS,
      `Enter a number of tracks from ${MIN_TRACKS} to ${MAX_TRACKS}`,
    ),
    links: linksField,
    wishedDeadline: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : null))
      .superRefine((value, ctx) => {
        if (value === null) return;
        if (!isIsoDate(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter the deadline as a date, like 2027-03-31" });
        else if (value < today) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "The deadline can't be in the past" });
      }),
    notes: z
      .string()
      .trim()
      .max(SERVICE_REQUEST_LIMITS.notes, `Keep your notes to ${SERVICE_REQUEST_LIMITS.notes} characters or fewer`)
      .optional()
      .transform((notes) => (notes ? notes : null)),
  });
}

/** The final send: every field of both steps, checked again. */
export function serviceRequestSchema({ today }: { today: string }) {
  return serviceRequestPackageStepSchema.merge(serviceRequestProjectStepSchema({ today }));
}

/** The schema for each step of the form, by step. */
export function serviceRequestSchemas({ today }: { today: string }) {
  return {
    package: serviceRequestPackageStepSchema,
    project: serviceRequestProjectStepSchema({ today }),
    review: serviceRequestSchema({ today }),
  };
}

export type ServiceRequestInput = z.infer<ReturnType<typeof serviceRequestSchema>>;
