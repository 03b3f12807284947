import { z } from "zod";
import { catalogueItemSchema, type CatalogueItem, type CatalogueItemForm } from "./catalogue";
import { MAX_BASIS_POINTS, MAX_PRICE_MINOR, basisPointsToPercentText, minorToInput } from "./money";

// The admin JSON API's catalogue item: amounts are integers of minor units
// (never a float, never text), rates whole basis points. The body is checked
// for types here, then through the same rules as the admin form
// (catalogueItemSchema), so both paths accept and refuse the same items.

const minor = (name: string) =>
  z
    .number({ invalid_type_error: `${name} must be a whole number of minor units (pence), e.g. 5000 for 50.00` })
    .int(`${name} must be a whole number of minor units (pence), e.g. 5000 for 50.00`)
    .min(0, `${name} must be 0 or more`)
    .max(MAX_PRICE_MINOR, `${name} must be at most ${MAX_PRICE_MINOR}`);

const jsonShape = z
  .object({
    kind: z.unknown(),
    code: z.unknown(),
    name: z.unknown(),
    description: z.unknown(),
    pricing: z.unknown(),
    baseMinor: minor("baseMinor"),
    perTrackMinor: minor("perTrackMinor"),
    percentBp: z
      .number({ invalid_type_error: "percentBp must be whole basis points (2000 = 20%)" })
      .int("percentBp must be whole basis points (2000 = 20%)")
      .min(0, "percentBp must be from 0 to 10000")
      .max(MAX_BASIS_POINTS, "percentBp must be from 0 to 10000"),
    turnaroundDays: z.unknown(),
    turnaroundDaysSaved: z.unknown(),
    active: z.boolean({ invalid_type_error: "active must be true or false" }),
    sortOrder: z.unknown(),
  })
  .partial()
  .strict();

// Form field -> JSON field, for error keys.
const JSON_FIELD: Record<string, string> = { basePrice: "baseMinor", perTrackPrice: "perTrackMinor", percent: "percentBp" };

export type CatalogueJsonParse = { ok: true; item: CatalogueItemForm } | { ok: false; errors: Record<string, string[]> };

/**
 * A POSTed item (`base` undefined: every required field must be there) or a
 * PUT onto an existing item (missing fields keep their current value).
 */
export function parseCatalogueJson(body: Record<string, unknown>, currency: string, base?: CatalogueItem): CatalogueJsonParse {
  const shape = jsonShape.safeParse(body);
  if (!shape.success) return { ok: false, errors: errorsOf(shape.error) };
  const merged = { ...(base ?? {}), ...shape.data } as Partial<CatalogueItem>;
  const form = {
    name: merged.name,
    code: merged.code,
    description: merged.description,
    kind: merged.kind,
    pricing: merged.pricing,
    basePrice: merged.baseMinor === undefined ? undefined : minorToInput(merged.baseMinor, currency),
    perTrackPrice: merged.perTrackMinor === undefined ? undefined : minorToInput(merged.perTrackMinor, currency),
    percent: merged.percentBp === undefined ? undefined : basisPointsToPercentText(merged.percentBp),
    turnaroundDays: merged.turnaroundDays,
    turnaroundDaysSaved: merged.turnaroundDaysSaved,
    active: merged.active ?? true,
    sortOrder: merged.sortOrder,
  };
  const parsed = catalogueItemSchema({ currency }).safeParse(form);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  return { ok: true, item: parsed.data };
}

function errorsOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.map(String).map((p) => JSON_FIELD[p] ?? p).join(".") || "_";
    const message = issue.code === "unrecognized_keys" ? `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}` : issue.message;
    (errors[key] ??= []).push(message);
  }
  return errors;
}

/** An item as the API shows it. */
export function catalogueItemJson(item: CatalogueItem, currency: string) {
  return { ...item, currency };
}
