import { z } from "zod";
import { percentOfMinor, taxOf } from "./money";
import { moneyTextField, percentTextField, checkboxField, wholeNumberField } from "./money-field";

// The studio's price list: packages (a base price plus a price per track,
// with a turnaround in working days) and add-ons (flat, per track, or a
// percentage of the package). Prices are only ever computed here, from the
// catalogue: a client sends ids and a track count, never an amount.
// A retired item (active: false) keeps its row so old quotes still name it;
// it can no longer be chosen.

export const CATALOGUE_KINDS = ["package", "addon"] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
export const PRICING_MODELS = ["package", "flat", "per_track", "percent"] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];
export const ADDON_PRICING_MODELS = ["flat", "per_track", "percent"] as const;

export const MIN_TRACKS = 1;
export const MAX_TRACKS = 200;
export const MAX_TURNAROUND_DAYS = 365;

export type CatalogueItem = {
  id: string;
  kind: CatalogueKind;
  code: string;
  name: string;
  description: string;
  pricing: PricingModel;
  baseMinor: number;
  perTrackMinor: number;
  percentBp: number;
  turnaroundDays: number;
  turnaroundDaysSaved: number;
  active: boolean;
  sortOrder: number;
};

const pkg = (
  code: string,
  name: string,
  description: string,
  baseMinor: number,
  perTrackMinor: number,
  turnaroundDays: number,
  sortOrder: number,
): CatalogueItem => ({
  id: `pkg_${code}`,
  kind: "package",
  code,
  name,
  description,
  pricing: "package",
  baseMinor,
  perTrackMinor,
  percentBp: 0,
  turnaroundDays,
  turnaroundDaysSaved: 0,
  active: true,
  sortOrder,
});

const addon = (
  code: string,
  name: string,
  description: string,
  pricing: "flat" | "per_track" | "percent",
  amount: number,
  sortOrder: number,
  turnaroundDaysSaved = 0,
): CatalogueItem => ({
  id: `addon_${code}`,
  kind: "addon",
  code,
  name,
  description,
  pricing,
  baseMinor: pricing === "flat" ? amount : 0,
  perTrackMinor: pricing === "per_track" ? amount : 0,
  percentBp: pricing === "percent" ? amount : 0,
  turnaroundDays: 0,
  turnaroundDaysSaved,
  active: true,
  sortOrder,
});

/** The seed price list (GBP). The catalogue migration is written from this. */
export const DEFAULT_CATALOGUE: readonly CatalogueItem[] = [
  pkg("mixing", "Mixing", "Balance, EQ, compression and effects on your multitracks, with two revision rounds.", 5_000, 15_000, 7, 10),
  pkg("mastering", "Mastering", "Loudness, tone and consistency for release on streaming, CD and vinyl.", 0, 4_000, 3, 20),
  pkg("mix_master", "Mix + master", "Mixing and mastering together, so the whole release sounds like one record.", 5_000, 18_000, 8, 30),
  pkg("stem_mastering", "Stem mastering", "Mastering from 4–8 stems for more control than a stereo master.", 0, 7_500, 4, 40),
  pkg("production", "Production and arrangement", "From an idea, voice memo or demo to a finished, arranged track.", 20_000, 40_000, 15, 50),
  addon("rush", "Rush delivery", "Jumps the queue: delivered 3 working days sooner.", "percent", 5_000, 110, 3),
  addon("extra_revision", "Extra revision round", "One more round of changes after the included revisions.", "flat", 4_000, 120),
  addon("stems", "Stems delivery", "Printed stems of every track, for sync, remixes and live shows.", "per_track", 2_500, 130),
  addon("vocal_tuning", "Vocal tuning", "Natural pitch and timing correction of lead and backing vocals.", "per_track", 3_500, 140),
  addon("instrumental_version", "Instrumental version", "An instrumental (TV) version of each track.", "per_track", 1_500, 150),
];

export type Selection = { packageId: string; addonIds: string[]; trackCount: number };

export type PricedLine = {
  itemId: string;
  code: string;
  name: string;
  kind: CatalogueKind;
  quantity: number;
  unitMinor: number;
  amountMinor: number;
  turnaroundDaysSaved: number;
};

export type SelectionProblem = "unknown_package" | "unknown_addon" | "retired" | "not_a_package" | "not_an_addon" | "bad_track_count";

export type PricedSelection =
  | { ok: true; lines: PricedLine[]; subtotalMinor: number; taxMinor: number; totalMinor: number; turnaroundDays: number }
  | { ok: false; problem: SelectionProblem; message: string };

/** The amount of a package for `trackCount` tracks: base + per-track × tracks. */
export function packageAmount(item: CatalogueItem, trackCount: number): number {
  return item.baseMinor + item.perTrackMinor * trackCount;
}

/** One line per item: the package first, then add-ons in catalogue order. Tax once on the subtotal. */
export function priceSelection(catalogue: readonly CatalogueItem[], selection: Selection, taxRateBp: number): PricedSelection {
  const { trackCount } = selection;
  if (!Number.isInteger(trackCount) || trackCount < MIN_TRACKS || trackCount > MAX_TRACKS) {
    return { ok: false, problem: "bad_track_count", message: `Enter a number of tracks from ${MIN_TRACKS} to ${MAX_TRACKS}` };
  }
  const byId = new Map(catalogue.map((item) => [item.id, item]));
  const chosenPackage = byId.get(selection.packageId);
  if (!chosenPackage) return { ok: false, problem: "unknown_package", message: "Choose one of the packages on offer" };
  if (chosenPackage.kind !== "package") return { ok: false, problem: "not_a_package", message: `${chosenPackage.name} is an add-on, not a package` };
  if (!chosenPackage.active) return { ok: false, problem: "retired", message: `${chosenPackage.name} is no longer offered; choose another package` };

  const addons: CatalogueItem[] = [];
  for (const id of new Set(selection.addonIds)) {
    const item = byId.get(id);
    if (!item) return { ok: false, problem: "unknown_addon", message: "Choose add-ons from the list on offer" };
    if (item.kind !== "addon") return { ok: false, problem: "not_an_addon", message: `${item.name} is a package, not an add-on` };
    if (!item.active) return { ok: false, problem: "retired", message: `${item.name} is no longer offered; untick it to continue` };
    addons.push(item);
  }
  addons.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code, "en"));

  const packageMinor = packageAmount(chosenPackage, trackCount);
  const lines: PricedLine[] = [line(chosenPackage, 1, packageMinor)];
  for (const item of addons) {
    if (item.pricing === "per_track") lines.push(line(item, trackCount, item.perTrackMinor));
    else if (item.pricing === "percent") lines.push(line(item, 1, percentOfMinor(packageMinor, item.percentBp)));
    else lines.push(line(item, 1, item.baseMinor));
  }
  const subtotalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const taxMinor = taxOf(subtotalMinor, taxRateBp);
  const saved = addons.reduce((sum, item) => sum + item.turnaroundDaysSaved, 0);
  return {
    ok: true,
    lines,
    subtotalMinor,
    taxMinor,
    totalMinor: subtotalMinor + taxMinor,
    turnaroundDays: Math.max(1, chosenPackage.turnaroundDays - saved),
  };
}

function line(item: CatalogueItem, quantity: number, unitMinor: number): PricedLine {
  return {
    itemId: item.id,
    code: item.code,
    name: item.name,
    kind: item.kind,
    quantity,
    unitMinor,
    amountMinor: quantity * unitMinor,
    turnaroundDaysSaved: item.turnaroundDaysSaved,
  };
}

/** Active items of one kind in the order the studio set. */
export function activeItems(catalogue: readonly CatalogueItem[], kind: CatalogueKind): CatalogueItem[] {
  return catalogue
    .filter((item) => item.kind === kind && item.active)
    .sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code, "en"));
}

export const CATALOGUE_LIMITS = { name: 100, code: 40, description: 500, sortOrder: 10_000 } as const;
const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * The admin's create/edit form. Prices are typed text ("1,234.50") parsed
 * without floats; fields a pricing model does not use come out as 0.
 * Output is a CatalogueItem without id.
 */
export function catalogueItemSchema({ currency }: { currency: string }) {
  const optionalMoney = (missing: string) => moneyTextField(currency, missing).optional();
  return z
    .object({
      name: z
        .string({ required_error: "Enter a name" })
        .trim()
        .min(1, "Enter a name")
        .max(CATALOGUE_LIMITS.name, `Keep the name to ${CATALOGUE_LIMITS.name} characters or fewer`),
      code: z
        .string({ required_error: "Enter a code, like mix_master" })
        .trim()
        .min(1, "Enter a code, like mix_master")
        .max(CATALOGUE_LIMITS.code, `Keep the code to ${CATALOGUE_LIMITS.code} characters or fewer`)
        .regex(CODE_PATTERN, "Use lower-case letters, digits and _ in the code, starting with a letter"),
      description: z
        .string()
        .trim()
        .max(CATALOGUE_LIMITS.description, `Keep the description to ${CATALOGUE_LIMITS.description} characters or fewer`)
        .optional()
        .transform((d) => d ?? ""),
      kind: z.enum(CATALOGUE_KINDS, { errorMap: () => ({ message: "Choose package or add-on" }) }),
      pricing: z.enum(PRICING_MODELS, { errorMap: () => ({ message: "Choose how it is priced" }) }),
      basePrice: optionalMoney("Enter a base price"),
      perTrackPrice: optionalMoney("Enter a price per track"),
      percent: percentTextField("Enter a percentage").optional(),
      turnaroundDays: wholeNumberField(
        "Enter the turnaround as a whole number of working days",
        0,
        MAX_TURNAROUND_DAYS,
        `Turnaround must be from 0 to ${MAX_TURNAROUND_DAYS} working days`,
      ).optional(),
      turnaroundDaysSaved: wholeNumberField(
        "Enter the days saved as a whole number",
        0,
        MAX_TURNAROUND_DAYS,
        `Days saved must be from 0 to ${MAX_TURNAROUND_DAYS}`,
      ).optional(),
      active: checkboxField,
      sortOrder: wholeNumberField(
        "Enter the position as a whole number",
        0,
        CATALOGUE_LIMITS.sortOrder,
        `Position must be from 0 to ${CATALOGUE_LIMITS.sortOrder}`,
      ).optional(),
    })
    .superRefine((form, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      if (form.kind === "package") {
        if (form.pricing !== "package") issue("pricing", "A package is priced as base price plus a price per track");
        if (form.basePrice === undefined) issue("basePrice", "Enter a base price (0 if it is all per track)");
        if (form.perTrackPrice === undefined) issue("perTrackPrice", "Enter a price per track (0 if it is all in the base price)");
        if (form.turnaroundDays === undefined || form.turnaroundDays < 1) issue("turnaroundDays", "Enter a turnaround of at least 1 working day");
      } else {
        if (form.pricing === "package") issue("pricing", "Choose flat, per track or percentage for an add-on");
        if (form.pricing === "flat" && form.basePrice === undefined) issue("basePrice", "Enter the add-on's price");
        if (form.pricing === "per_track" && form.perTrackPrice === undefined) issue("perTrackPrice", "Enter the add-on's price per track");
        if (form.pricing === "percent" && form.percent === undefined) issue("percent", "Enter the add-on's percentage of the package price");
      }
    })
    .transform(
      (form): Omit<CatalogueItem, "id"> => ({
        kind: form.kind,
        code: form.code,
        name: form.name,
        description: form.description,
        pricing: form.pricing,
        baseMinor: form.pricing === "package" || form.pricing === "flat" ? (form.basePrice ?? 0) : 0,
        perTrackMinor: form.pricing === "package" || form.pricing === "per_track" ? (form.perTrackPrice ?? 0) : 0,
        percentBp: form.pricing === "percent" ? (form.percent ?? 0) : 0,
        turnaroundDays: form.kind === "package" ? (form.turnaroundDays ?? 0) : 0,
        turnaroundDaysSaved: form.kind === "addon" ? (form.turnaroundDaysSaved ?? 0) : 0,
        active: form.active,
        sortOrder: form.sortOrder ?? 0,
      }),
    );
}

export type CatalogueItemForm = z.infer<ReturnType<typeof catalogueItemSchema>>;
