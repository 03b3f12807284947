import { parseWithZod } from "@conform-to/zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE, activeItems, catalogueItemSchema, priceSelection, type CatalogueItem } from "~/domain/catalogue";

import { basisPointsToPercentText, minorToInput } from "~/domain/money";
const VAT = 2000;
const byCode = (code: string) => DEFAULT_CATALOGUE.find((i) => i.code === code)!;

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return parseWithZod(data, { schema: catalogueItemSchema({ currency: "GBP" }) });
}

describe("DEFAULT_CATALOGUE", () => {
  it("has the five packages and the add-ons with fixed ids for the migration", () => {
    expect(activeItems(DEFAULT_CATALOGUE, "package").map((i) => i.id)).toEqual([
      "pkg_mixing",
      "pkg_mastering",
      "pkg_mix_master",
      "pkg_stem_mastering",
      "pkg_production",
    ]);
    expect(activeItems(DEFAULT_CATALOGUE, "addon").map((i) => i.id)).toEqual([
      "addon_rush",
      "addon_extra_revision",
      "addon_stems",
      "addon_vocal_tuning",
      "addon_instrumental_version",
    ]);
    expect(new Set(DEFAULT_CATALOGUE.map((i) => i.code)).size).toBe(DEFAULT_CATALOGUE.length);
  });

  it("every seed item passes the admin form's own rules", () => {
    for (const item of DEFAULT_CATALOGUE) {
      const result = form({
        name: item.name,
        code: item.code,
        description: item.description,
        kind: item.kind,
        pricing: item.pricing,
        basePrice: minorToInput(item.baseMinor, "GBP"),
        perTrackPrice: minorToInput(item.perTrackMinor, "GBP"),
        percent: basisPointsToPercentText(item.percentBp),
        turnaroundDays: String(item.turnaroundDays),
        turnaroundDaysSaved: String(item.turnaroundDaysSaved),
        sortOrder: String(item.sortOrder),
        active: "on",
      });
      expect(result.status, item.code).toBe("success");
      if (result.status === "success") expect({ id: item.id, ...result.value }).toEqual(item);
    }
  });
});

describe("priceSelection", () => {
  it("prices a package with add-ons for 4 tracks, VAT once on the subtotal", () => {
    const priced = priceSelection(
      DEFAULT_CATALOGUE,
      { packageId: "pkg_mix_master", addonIds: ["addon_vocal_tuning", "addon_rush", "addon_extra_revision"], trackCount: 4 },
      VAT,
    );
    expect(priced).toEqual({
      ok: true,
      lines: [
        { itemId: "pkg_mix_master", code: "mix_master", name: "Mix + master", kind: "package", quantity: 1, unitMinor: 77_000, amountMinor: 77_000, turnaroundDaysSaved: 0 },
        { itemId: "addon_rush", code: "rush", name: "Rush delivery", kind: "addon", quantity: 1, unitMinor: 38_500, amountMinor: 38_500, turnaroundDaysSaved: 3 },
        { itemId: "addon_extra_revision", code: "extra_revision", name: "Extra revision round", kind: "addon", quantity: 1, unitMinor: 4_000, amountMinor: 4_000, turnaroundDaysSaved: 0 },
        { itemId: "addon_vocal_tuning", code: "vocal_tuning", name: "Vocal tuning", kind: "addon", quantity: 4, unitMinor: 3_500, amountMinor: 14_000, turnaroundDaysSaved: 0 },
      ],
      subtotalMinor: 133_500,
      taxMinor: 26_700,
      totalMinor: 160_200,
      turnaroundDays: 5,
    });
  });

  it("a zero tax rate gives a zero tax line; a repeated add-on counts once", () => {
    const priced = priceSelection(DEFAULT_CATALOGUE, { packageId: "pkg_mastering", addonIds: ["addon_stems", "addon_stems"], trackCount: 2 }, 0);
    expect(priced.ok && [priced.subtotalMinor, priced.taxMinor, priced.totalMinor, priced.lines.length]).toEqual([13_000, 0, 13_000, 2]);
  });

  it("rush never takes the turnaround below one working day", () => {
    const mastering = { ...byCode("mastering"), turnaroundDays: 2 };
    const priced = priceSelection([mastering, byCode("rush")], { packageId: mastering.id, addonIds: ["addon_rush"], trackCount: 1 }, VAT);
    expect(priced.ok && priced.turnaroundDays).toBe(1);
  });

  it("rounds a percentage add-on half up", () => {
    const odd: CatalogueItem = { ...byCode("mastering"), perTrackMinor: 3 };
    const priced = priceSelection([odd, byCode("rush")], { packageId: odd.id, addonIds: ["addon_rush"], trackCount: 1 }, 0);
    expect(priced.ok && priced.lines[1].amountMinor).toBe(2); // 50 % of 3p = 1.5p -> 2p
  });

  it.each([
    [{ packageId: "pkg_nope", addonIds: [], trackCount: 1 }, "unknown_package"],
    [{ packageId: "addon_rush", addonIds: [], trackCount: 1 }, "not_a_package"],
    [{ packageId: "pkg_mixing", addonIds: ["addon_nope"], trackCount: 1 }, "unknown_addon"],
    [{ packageId: "pkg_mixing", addonIds: ["pkg_mastering"], trackCount: 1 }, "not_an_addon"],
    [{ packageId: "pkg_mixing", addonIds: [], trackCount: 0 }, "bad_track_count"],
    [{ packageId: "pkg_mixing", addonIds: [], trackCount: 201 }, "bad_track_count"],
    [{ packageId: "pkg_mixing", addonIds: [], trackCount: 2.5 }, "bad_track_count"],
  ])("refuses %j: %s", (selection, problem) => {
    const priced = priceSelection(DEFAULT_CATALOGUE, selection, VAT);
    expect(priced.ok).toBe(false);
    if (!priced.ok) {
      expect(priced.problem).toBe(problem);
      expect(priced.message).toMatch(/\w/);
    }
  });

  it("refuses a retired package or add-on, which stays in the catalogue for old quotes", () => {
    const retired = DEFAULT_CATALOGUE.map((i) => (i.code === "stem_mastering" || i.code === "stems" ? { ...i, active: false } : i));
    const a = priceSelection(retired, { packageId: "pkg_stem_mastering", addonIds: [], trackCount: 1 }, VAT);
    const b = priceSelection(retired, { packageId: "pkg_mixing", addonIds: ["addon_stems"], trackCount: 1 }, VAT);
    expect([a.ok || a.problem, b.ok || b.problem]).toEqual(["retired", "retired"]);
    expect(activeItems(retired, "package").map((i) => i.code)).not.toContain("stem_mastering");
  });

  it("total = subtotal + tax, lines sum to the subtotal, and everything is a whole number", () => {
    const addons = activeItems(DEFAULT_CATALOGUE, "addon").map((i) => i.id);
    const packages = activeItems(DEFAULT_CATALOGUE, "package").map((i) => i.id);
    fc.assert(
      fc.property(
        fc.constantFrom(...packages),
        fc.subarray(addons),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 10_000 }),
        (packageId, addonIds, trackCount, taxRateBp) => {
          const priced = priceSelection(DEFAULT_CATALOGUE, { packageId, addonIds, trackCount }, taxRateBp);
          expect(priced.ok).toBe(true);
          if (!priced.ok) return;
          expect(priced.lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(priced.subtotalMinor);
          expect(priced.totalMinor).toBe(priced.subtotalMinor + priced.taxMinor);
          for (const n of [priced.subtotalMinor, priced.taxMinor, priced.totalMinor]) expect(Number.isSafeInteger(n)).toBe(true);
          expect(priced.turnaroundDays).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});

describe("catalogueItemSchema", () => {
  const base = { name: "Mixing", code: "mixing", kind: "package", pricing: "package", basePrice: "50", perTrackPrice: "150.00", turnaroundDays: "7" };

  it("parses prices from text into minor units and zeroes unused fields", () => {
    const result = form({ ...base, percent: "20", turnaroundDaysSaved: "2", basePrice: "1,050.5" });
    expect(result.status).toBe("success");
    if (result.status === "success") {
      expect(result.value).toMatchObject({ baseMinor: 105_050, perTrackMinor: 15_000, percentBp: 0, turnaroundDays: 7, turnaroundDaysSaved: 0, active: false, description: "" });
    }
  });

  it("parses a percentage add-on", () => {
    const result = form({ name: "Rush", code: "rush", kind: "addon", pricing: "percent", percent: "17.5", basePrice: "10", turnaroundDaysSaved: "3", active: "on" });
    expect(result.status === "success" && result.value).toMatchObject({ pricing: "percent", percentBp: 1750, baseMinor: 0, turnaroundDays: 0, turnaroundDaysSaved: 3, active: true });
  });

  it.each([
    [{ ...base, name: "" }, "name", "Enter a name"],
    [{ ...base, code: "Mix Master" }, "code", "Use lower-case letters, digits and _ in the code, starting with a letter"],
    [{ ...base, basePrice: "12.345" }, "basePrice", "Use at most 2 decimal places"],
    [{ ...base, perTrackPrice: "2000000" }, "perTrackPrice", "Enter an amount of £1,000,000.00 or less"],
    [{ ...base, perTrackPrice: "-3" }, "perTrackPrice", "Enter an amount of 0 or more"],
    [{ ...base, basePrice: "" }, "basePrice", "Enter a base price (0 if it is all per track)"],
    [{ ...base, perTrackPrice: "" }, "perTrackPrice", "Enter a price per track (0 if it is all in the base price)"],
    [{ ...base, turnaroundDays: "0" }, "turnaroundDays", "Enter a turnaround of at least 1 working day"],
    [{ ...base, turnaroundDays: "2.5" }, "turnaroundDays", "Enter the turnaround as a whole number of working days"],
    [{ ...base, turnaroundDays: "400" }, "turnaroundDays", "Turnaround must be from 0 to 365 working days"],
    [{ ...base, pricing: "flat" }, "pricing", "A package is priced as base price plus a price per track"],
    [{ ...base, kind: "thing" }, "kind", "Choose package or add-on"],
    [{ ...base, kind: "addon" }, "pricing", "Choose flat, per track or percentage for an add-on"],
    [{ ...base, kind: "addon", pricing: "flat", basePrice: "" }, "basePrice", "Enter the add-on's price"],
    [{ ...base, kind: "addon", pricing: "per_track", perTrackPrice: "" }, "perTrackPrice", "Enter the add-on's price per track"],
    [{ ...base, kind: "addon", pricing: "percent" }, "percent", "Enter the add-on's percentage of the package price"],
    [{ ...base, kind: "addon", pricing: "percent", percent: "150" }, "percent", "Enter a percentage from 0 to 100"],
    [{ ...base, kind: "addon", pricing: "percent", percent: "  " }, "percent", "Enter a percentage"],
    [{ ...base, basePrice: "   " }, "basePrice", "Enter a base price"],
  ])("%j: error on %s", (fields, path, message) => {
    const result = form(fields as Record<string, string>);
    expect(result.status).toBe("error");
    expect(result.reply().error?.[path]).toContain(message);
  });
});
