import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE, priceSelection, type CatalogueItem } from "~/domain/catalogue";
import { recommend, type RecommendationInput } from "~/domain/recommendations";

const VAT = 2000;

type Case = {
  genre: string;
  description: string;
  special?: string;
  tracks?: number;
  // expected: track count [value, min, max, source], package codes best first, add-on codes of the first
  count: [number, number, number, "stated" | "mentioned" | "assumed"];
  packages: string[];
  addons: string[];
  reason?: RegExp;
};

// Realistic consultations, written from what clients actually type.
const CASES: Case[] = [
  { genre: "Pop", description: "I have 4 tracks ready for mixing and mastering", count: [4, 4, 4, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: [], reason: /“4 tracks” mentioned, so mix \+ master/ },
  { genre: "Hip-Hop", description: "Debut EP with my crew", special: "Vocals need tuning on a couple of songs", count: [5, 4, 6, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: ["vocal_tuning"] },
  { genre: "Rock", description: "Album recorded live in our rehearsal room", special: "We need it mixed and mastered", count: [11, 10, 12, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: [] },
  { genre: "Electronic", description: "Single is already mixed, master only please", count: [1, 1, 1, "mentioned"], packages: ["mastering", "stem_mastering", "mix_master"], addons: [], reason: /“master only”/ },
  { genre: "House", description: "Need stem mastering for my new single", count: [1, 1, 1, "mentioned"], packages: ["stem_mastering", "mastering", "mix_master"], addons: [] },
  { genre: "Trap", description: "Looking for someone to produce a beat from my voice memo", count: [1, 1, 3, "assumed"], packages: ["production", "mix_master", "mixing"], addons: [], reason: /“produce”/ },
  { genre: "Podcast / Spoken word", description: "Weekly interview show, 8 episodes to start", count: [8, 8, 8, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: [], reason: /podcast platforms/ },
  { genre: "Indie", description: "Three songs, urgent: the release date is fixed", count: [3, 3, 3, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: ["rush"] },
  { genre: "R&B / Soul", description: "Just mixing, mastering is done elsewhere", special: "Lead vocal is a bit pitchy", tracks: 2, count: [2, 2, 2, "stated"], packages: ["mixing", "mix_master"], addons: ["vocal_tuning"] },
  { genre: "Jazz", description: "Quartet recording, we want it to sound natural", count: [1, 1, 3, "assumed"], packages: ["mix_master", "mixing", "mastering"], addons: [], reason: /Most releases need both/ },
  { genre: "Techno", description: "Two tracks mixed already, I have the stems and want them mastered", count: [2, 2, 2, "mentioned"], packages: ["stem_mastering", "mastering", "mix_master"], addons: [] },
  { genre: "Film / Game score", description: "Score for a short film, 6 cues as songs: 6 tracks", special: "We need stems delivered for the dub stage", count: [6, 6, 6, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: ["stems"] },
  { genre: "Pop", description: "Sync pitch: need an instrumental version and stems for TV", tracks: 1, count: [1, 1, 1, "stated"], packages: ["mix_master", "mixing", "mastering"], addons: ["stems", "instrumental_version"] },
  { genre: "Country", description: "5 songs for an EP, mix only", special: "I'm a perfectionist, expect back and forth", count: [5, 5, 5, "mentioned"], packages: ["mixing", "mix_master"], addons: ["extra_revision"] },
  { genre: "Afrobeats", description: "I need you to arrange and produce two songs from my demos", special: "deadline is next month", count: [2, 2, 2, "mentioned"], packages: ["production", "mix_master", "mixing"], addons: ["rush"] },
  { genre: "Metal", description: "Full-length record, 12 songs, needs mixing", count: [12, 12, 12, "mentioned"], packages: ["mixing", "mix_master", "mastering"], addons: [], reason: /“mixing” mentioned/ },
  { genre: "Classical", description: "Piano recital recording needs mastering for streaming", count: [1, 1, 3, "assumed"], packages: ["mastering", "mix_master", "mixing"], addons: [] },
  { genre: "Drum & Bass", description: "Mixtape of my tunes", special: "ASAP please", count: [10, 8, 12, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: ["rush"] },
  { genre: "Podcast / Spoken word", description: "Audiobook chapters already edited and mixed", special: "just mastering to ACX loudness", count: [1, 1, 3, "assumed"], packages: ["mastering", "mix_master", "stem_mastering"], addons: [] },
  { genre: "Latin", description: "a single for the summer, needs mix and master", special: "Autotune on the hook, and an instrumental version too", count: [1, 1, 1, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: ["vocal_tuning", "instrumental_version"] },
  { genre: "Reggae", description: "Seven tracks, label A&R will give feedback", special: "Need it by Friday", count: [7, 7, 7, "mentioned"], packages: ["mix_master", "mixing", "mastering"], addons: ["rush", "extra_revision"] },
  { genre: "Folk", description: "Recorded at home, 2 songs", special: null as unknown as string, tracks: 3, count: [3, 3, 3, "stated"], packages: ["mix_master", "mixing", "mastering"], addons: [], reason: /3 tracks in all, so mix \+ master/ },
  { genre: "Other", description: "Stem master please, 4 tracks", count: [4, 4, 4, "mentioned"], packages: ["stem_mastering", "mastering", "mix_master"], addons: [] },
  { genre: "Hip-Hop", description: "Need beats made for my EP", count: [5, 4, 6, "mentioned"], packages: ["production", "mix_master", "mixing"], addons: [] },
];

const inputOf = (c: Case): RecommendationInput => ({
  genre: c.genre,
  bpm: 120,
  projectDescription: c.description,
  specialRequirements: c.special ?? null,
  trackCount: c.tracks ?? null,
});

describe("recommend: a table of realistic consultations", () => {
  it("has at least 20 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)("$genre: $description / $special", (c) => {
    const result = recommend(inputOf(c), DEFAULT_CATALOGUE, VAT);
    const { value, min, max, source } = result.trackCount;
    expect([value, min, max, source]).toEqual(c.count);
    expect(result.recommendations.map((r) => r.code)).toEqual(c.packages);
    const best = result.recommendations[0];
    expect(best.addons.map((a) => a.code)).toEqual(c.addons);
    if (c.reason) expect(best.reason).toMatch(c.reason);
    // Every reason is a readable sentence.
    for (const r of result.recommendations) {
      expect(r.reason).toMatch(/^[“A-Z0-9].*\.$/);
      for (const a of r.addons) expect(a.reason).toMatch(/^“[^”]+” mentioned, so .+\.$/);
    }
  });
});

describe("recommend: prices and turnaround come from the catalogue", () => {
  it("prices the EP example with tax at 5 tracks, with the range over 4–6", () => {
    const result = recommend(inputOf(CASES[1]), DEFAULT_CATALOGUE, VAT);
    const best = result.recommendations[0];
    const at = (trackCount: number) => {
      const priced = priceSelection(DEFAULT_CATALOGUE, { packageId: "pkg_mix_master", addonIds: ["addon_vocal_tuning"], trackCount }, VAT);
      return priced.ok ? priced.totalMinor : NaN;
    };
    expect(best.estimateMinor).toBe(at(5));
    expect(best.priceRange).toEqual({ minMinor: at(4), maxMinor: at(6) });
    expect(best.turnaroundDays).toBe(8);
    expect(result.trackCount.reason).toBe("“EP” mentioned: an EP is usually 4–6 tracks, so priced for 5 (range 4–6).");
  });

  it("rush shortens the recommended turnaround", () => {
    const best = recommend(inputOf(CASES[7]), DEFAULT_CATALOGUE, VAT).recommendations[0];
    expect(best.turnaroundDays).toBe(5);
    expect(best.addons[0].reason).toBe("“urgent” mentioned, so rush delivery (3 working days sooner).");
  });

  it("leaves out retired packages and add-ons", () => {
    const retired = DEFAULT_CATALOGUE.map((i) => (i.code === "mix_master" || i.code === "vocal_tuning" ? { ...i, active: false } : i));
    const result = recommend(inputOf(CASES[1]), retired, VAT);
    expect(result.recommendations.map((r) => r.code)).toEqual(["mixing", "mastering"]);
    expect(result.recommendations[0].addons).toEqual([]);
  });

  it("still answers from a catalogue without the usual packages, and with none at all", () => {
    const custom: CatalogueItem = { ...DEFAULT_CATALOGUE[0], id: "pkg_dolby", code: "atmos_mix", name: "Dolby Atmos mix" };
    const result = recommend(inputOf(CASES[0]), [custom], VAT);
    expect(result.recommendations.map((r) => [r.code, r.reason])).toEqual([["atmos_mix", "Dolby Atmos mix is the closest match the studio offers."]]);
    expect(recommend(inputOf(CASES[0]), [], VAT).recommendations).toEqual([]);
  });

  it("ignores a stated track count outside 1..200 and reads the text instead", () => {
    expect(recommend({ ...inputOf(CASES[0]), trackCount: 0 }, DEFAULT_CATALOGUE, VAT).trackCount.source).toBe("mentioned");
    expect(recommend({ ...inputOf(CASES[9]), trackCount: 500 }, DEFAULT_CATALOGUE, VAT).trackCount.source).toBe("assumed");
  });
});

// Properties over random catalogues and random consultations built from the words the rules read.
const WORDS = [
  "mix", "mixing", "master", "mastering", "master only", "already mixed", "just mixing", "stems", "stem mastering", "EP", "album",
  "single", "4 tracks", "twelve songs", "produce", "beat", "arrange", "podcast", "vocals need tuning", "rush", "urgent", "deadline",
  "instrumental version", "sync", "perfectionist", "0 tracks", "999 songs", "mixtape", "natural", "by Friday", "A&R",
];
const CODES = ["mixing", "mastering", "mix_master", "stem_mastering", "production", "rush", "extra_revision", "stems", "vocal_tuning", "instrumental_version", "other"];

const itemArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  kind: fc.constantFrom("package" as const, "addon" as const),
  code: fc.constantFrom(...CODES),
  pricing: fc.constantFrom("package" as const, "flat" as const, "per_track" as const, "percent" as const),
  baseMinor: fc.integer({ min: 0, max: 100_000_000 }),
  perTrackMinor: fc.integer({ min: 0, max: 100_000_000 }),
  percentBp: fc.integer({ min: 0, max: 10_000 }),
  turnaroundDays: fc.integer({ min: 1, max: 60 }),
  turnaroundDaysSaved: fc.integer({ min: 0, max: 10 }),
  active: fc.boolean(),
  sortOrder: fc.integer({ min: 0, max: 100 }),
}).map((item): CatalogueItem => ({ ...item, name: `${item.code} ${item.id}`, description: "" }));

const inputArb = fc.record({
  genre: fc.constantFrom("Pop", "Podcast / Spoken word", "Other"),
  bpm: fc.option(fc.integer({ min: 20, max: 300 })),
  projectDescription: fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(", ")),
  specialRequirements: fc.option(fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }).map((w) => w.join(" and "))),
  trackCount: fc.option(fc.integer({ min: -5, max: 250 })),
});

describe("recommend: properties", () => {
  it("names only active catalogue items of the right kind, no duplicates, at most 3, deterministic", () => {
    fc.assert(
      fc.property(inputArb, fc.array(itemArb, { maxLength: 14 }), fc.integer({ min: 0, max: 10_000 }), (input, catalogue, taxRateBp) => {
        const result = recommend(input, catalogue, taxRateBp);
        expect(result.recommendations.length).toBeLessThanOrEqual(3);
        const byId = new Map(catalogue.map((i) => [i.id, i]));
        const ids = result.recommendations.map((r) => r.packageId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const r of result.recommendations) {
          const item = byId.get(r.packageId);
          expect(item?.active && item.kind === "package").toBe(true);
          expect(new Set(r.addons.map((a) => a.itemId)).size).toBe(r.addons.length);
          for (const a of r.addons) {
            const addon = byId.get(a.itemId);
            expect(addon?.active && addon.kind === "addon").toBe(true);
          }
        }
        expect(recommend(input, catalogue, taxRateBp)).toEqual(result);
      }),
    );
  });

  it("the price range always contains the price of the recommended items", () => {
    fc.assert(
      fc.property(inputArb, fc.array(itemArb, { maxLength: 14 }), fc.integer({ min: 0, max: 10_000 }), (input, catalogue, taxRateBp) => {
        const { trackCount, recommendations } = recommend(input, catalogue, taxRateBp);
        expect(trackCount.min).toBeLessThanOrEqual(trackCount.value);
        expect(trackCount.value).toBeLessThanOrEqual(trackCount.max);
        for (const r of recommendations) {
          const priced = priceSelection(catalogue, { packageId: r.packageId, addonIds: r.addons.map((a) => a.itemId), trackCount: r.trackCount }, taxRateBp);
          expect(priced.ok).toBe(true);
          if (!priced.ok) continue;
          expect(r.estimateMinor).toBe(priced.totalMinor);
          expect(r.turnaroundDays).toBe(priced.turnaroundDays);
          expect(r.priceRange.minMinor).toBeLessThanOrEqual(priced.totalMinor);
          expect(priced.totalMinor).toBeLessThanOrEqual(r.priceRange.maxMinor);
        }
      }),
    );
  });
});
