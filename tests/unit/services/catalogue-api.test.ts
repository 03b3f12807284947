import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE } from "~/domain/catalogue";
import { catalogueItemJson, parseCatalogueJson } from "~/domain/catalogue-api";
import { priceLabel, turnaroundLabel, workingDays } from "~/domain/catalogue-labels";

const byCode = (code: string) => DEFAULT_CATALOGUE.find((i) => i.code === code)!;

describe("priceLabel and turnaroundLabel", () => {
  it("reads each pricing model as a person would", () => {
    expect(priceLabel(byCode("mix_master"), "GBP")).toBe("£50.00 + £180.00 per track");
    expect(priceLabel(byCode("mastering"), "GBP")).toBe("£40.00 per track");
    expect(priceLabel({ ...byCode("mixing"), perTrackMinor: 0 }, "GBP")).toBe("£50.00");
    expect(priceLabel(byCode("extra_revision"), "GBP")).toBe("£40.00");
    expect(priceLabel(byCode("stems"), "GBP")).toBe("£25.00 per track");
    expect(priceLabel({ ...byCode("rush"), percentBp: 1750 }, "GBP")).toBe("17.5% of the package");
    expect(priceLabel(byCode("extra_revision"), "JPY")).toBe("JP¥4,000");
    expect(turnaroundLabel(byCode("mixing"))).toBe("7 working days");
    expect(turnaroundLabel(byCode("rush"))).toBe("3 working days sooner");
    expect(turnaroundLabel(byCode("stems"))).toBeNull();
    expect(workingDays(1)).toBe("1 working day");
  });
});

describe("parseCatalogueJson", () => {
  it("takes integers of minor units and gives the form's item", () => {
    const parsed = parseCatalogueJson({ kind: "addon", code: "cassette", name: "Cassette", pricing: "flat", baseMinor: 7550 }, "GBP");
    expect(parsed).toEqual({ ok: true, item: expect.objectContaining({ kind: "addon", pricing: "flat", baseMinor: 7550, perTrackMinor: 0, active: true }) });
  });

  it("refuses floats, text amounts, negative amounts and unknown fields, naming the JSON field", () => {
    const base = { kind: "addon", code: "x", name: "X", pricing: "flat" };
    const errors = (body: Record<string, unknown>) => {
      const parsed = parseCatalogueJson(body, "GBP");
      return parsed.ok ? null : parsed.errors;
    };
    expect(errors({ ...base, baseMinor: 75.5 })?.baseMinor?.[0]).toContain("whole number of minor units");
    expect(errors({ ...base, baseMinor: "75" })?.baseMinor?.[0]).toContain("whole number of minor units");
    expect(errors({ ...base, baseMinor: -1 })?.baseMinor?.[0]).toContain("0 or more");
    expect(errors({ ...base, baseMinor: 100_000_001 })?.baseMinor).toBeDefined();
    expect(errors({ ...base, percentBp: 10_001, pricing: "percent" })?.percentBp).toBeDefined();
    expect(errors({ ...base, baseMinor: 1, price: 3 })).toEqual({ price: ["Unknown field: price"] });
    // The form's rules apply: a flat add-on needs its price.
    expect(errors(base)?.baseMinor).toEqual(["Enter the add-on's price"]);
  });

  it("merges a partial update onto the current item", () => {
    const mixing = byCode("mixing");
    const parsed = parseCatalogueJson({ perTrackMinor: 16_000, active: false }, "GBP", mixing);
    expect(parsed.ok && parsed.item).toMatchObject({ code: "mixing", baseMinor: 5000, perTrackMinor: 16_000, turnaroundDays: 7, active: false });
    expect(catalogueItemJson(mixing, "GBP")).toMatchObject({ id: "pkg_mixing", currency: "GBP" });
  });
});
