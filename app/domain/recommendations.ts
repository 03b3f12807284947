import { MAX_TRACKS, activeItems, priceSelection, type CatalogueItem } from "./catalogue";

// Recommendations after a consultation: what the client told us (genre,
// description, special requirements, maybe a track count) against the
// studio's catalogue, giving up to three packages with add-ons, each with a
// reason that quotes the words it was based on, a price range and a
// turnaround. Plain keyword rules, so the studio can predict and explain
// them; deterministic (same input, same answer). BPM does not change the
// price, so it is not used.

export type RecommendationInput = {
  genre: string;
  bpm: number | null;
  projectDescription: string;
  specialRequirements: string | null;
  trackCount?: number | null;
};

export type TrackCountEstimate = {
  value: number;
  min: number;
  max: number;
  source: "stated" | "mentioned" | "assumed";
  reason: string;
  /** The client's words the count came from ("4 tracks", "EP"), or null. */
  evidence: string | null;
};

export type RecommendedAddon = { itemId: string; code: string; name: string; reason: string };

export type Recommendation = {
  packageId: string;
  code: string;
  name: string;
  reason: string;
  addons: RecommendedAddon[];
  trackCount: number;
  /** Total including tax for `trackCount` tracks. */
  estimateMinor: number;
  /** Totals including tax over the track count's min..max. */
  priceRange: { minMinor: number; maxMinor: number };
  turnaroundDays: number;
};

export type Recommendations = { trackCount: TrackCountEstimate; recommendations: Recommendation[] };

export const MAX_RECOMMENDATIONS = 3;

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
};
const COUNT = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join("|")})`;
const COUNTED_TRACKS = new RegExp(`\\b${COUNT}[\\s-]*(?:tracks?|songs?|tunes?|singles?|beats?|episodes?|cuts?|titles?)\\b`, "gi");

/** The first of `patterns` found in `text`, as written there (for quoting), or null. */
function evidence(text: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0].trim();
  }
  return null;
}

const quote = (words: string) => `“${words}”`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function estimateTrackCount(input: RecommendationInput, text: string): TrackCountEstimate {
  const stated = input.trackCount;
  if (typeof stated === "number" && Number.isInteger(stated) && stated >= 1 && stated <= MAX_TRACKS) {
    return { value: stated, min: stated, max: stated, source: "stated", reason: `You told us ${plural(stated, "track")}.`, evidence: null };
  }
  let best: { n: number; words: string } | null = null;
  for (const match of text.matchAll(COUNTED_TRACKS)) {
    const raw = match[1].toLowerCase();
    const n = NUMBER_WORDS[raw] ?? Number(raw);
    if (n >= 1 && n <= MAX_TRACKS && (!best || n > best.n)) best = { n, words: match[0].trim() };
  }
  if (best) {
    return { value: best.n, min: best.n, max: best.n, source: "mentioned", reason: `${quote(best.words)} mentioned, so priced for ${plural(best.n, "track")}.`, evidence: best.words };
  }
  const range = (words: string, what: string, min: number, max: number): TrackCountEstimate => {
    const value = Math.floor((min + max) / 2);
    return { value, min, max, source: "mentioned", reason: `${quote(words)} mentioned: ${what} is usually ${min}–${max} tracks, so priced for ${value} (range ${min}–${max}).`, evidence: words };
  };
  const album = evidence(text, [/\b(?:album|LP|full[- ]length)\b/i]);
  if (album) return range(album, "an album", 10, 12);
  const mixtape = evidence(text, [/\bmix ?tape\b/i]);
  if (mixtape) return range(mixtape, "a mixtape", 8, 12);
  const ep = evidence(text, [/\bE\.?P\b/i]);
  if (ep) return range(ep, "an EP", 4, 6);
  const single = evidence(text, [/\b(?:a|one|my|the|our|new|debut|next|lead) (?:\w+ )?single\b/i, /\bsingle\b/i, /\b(?:a|one|the|this) (?:track|song|episode)\b/i]);
  if (single) return { value: 1, min: 1, max: 1, source: "mentioned", reason: `${quote(single)} mentioned, so priced for 1 track.`, evidence: single };
  return { value: 1, min: 1, max: 3, source: "assumed", reason: "No track count mentioned, so priced for 1 track (up to 3 in the range).", evidence: null };
}

// What the client asked for, each with the words that showed it.
type Signals = {
  podcast: string | null;
  production: string | null;
  stemMastering: string | null;
  masterOnly: string | null;
  mixOnly: string | null;
  mix: string | null;
  master: string | null;
  stems: string | null;
  stemsWanted: string | null;
  vocalTuning: string | null;
  rush: string | null;
  revisions: string | null;
  instrumental: string | null;
};

function readSignals(input: RecommendationInput, text: string): Signals {
  const spokenGenre = /podcast|spoken/i.test(input.genre) ? input.genre : null;
  const masterOnly = evidence(text, [
    /\b(?:master(?:ing)?[- ]only|only (?:needs?|wants?) (?:it |them |the tracks? )?master(?:ed|ing)?|just (?:the )?master(?:ing|ed)?)\b/i,
    /\b(?:already (?:been )?mixed|mixed already|(?:mixes|mix) (?:is|are) (?:done|finished|final)|mixed (?:it|them) (?:myself|ourselves)|final mix(?:es)?)\b/i,
  ]);
  const mixOnly = evidence(text, [
    /\b(?:mix(?:ing)?[- ]only|only (?:needs?|wants?) (?:it |them )?mix(?:ed|ing)?|just (?:the )?mix(?:ing)?)\b/i,
    /\b(?:already (?:have|got) (?:a )?mastering|mastering (?:is )?(?:elsewhere|sorted|done elsewhere|booked elsewhere)|someone else (?:is )?master\w*|(?:no|without) mastering)\b/i,
  ]);
  return {
    podcast: spokenGenre ?? evidence(text, [/\b(?:podcast|spoken[- ]word|audiobook|voice[- ]?over|radio show)s?\b/i]),
    production: evidence(text, [
      /\b(?:produce|arrange|arranging|arrangement|producing)\b/i,
      /\b(?:need|want|make|build|create|looking for)s?\b[^.!?\n]{0,30}\bbeats?\b/i,
      /\b(?:from scratch|voice memo|rough demo|just a demo|song idea)\b/i,
      /\bproduction\b(?! (?:is|was) (?:done|finished))/i,
    ]),
    stemMastering: evidence(text, [/\bstem[- ]master(?:ing|ed)?\b/i, /\bmaster(?:ed|ing)? (?:from|with|using) (?:the |my |our )?stems\b/i]),
    masterOnly,
    mixOnly,
    mix: evidence(text, [/\bmix(?:ing|ed|es|down)?\b/i]),
    master: evidence(text, [/\bmaster(?:ing|ed|s)?\b/i, /\b(?:loud(?:ness|er)?|streaming[- ]ready|release[- ]ready|spotify|lufs)\b/i]),
    stems: evidence(text, [/\bstems?\b/i, /\bmulti-?tracks?\b/i]),
    stemsWanted: evidence(text, [
      /\b(?:need|want|deliver|send (?:me|us)|get|receive|print)\w*\b[^.!?\n]{0,25}\bstems\b/i,
      /\bstems? (?:delivery|delivered|for|back)\b/i,
      /\b(?:sync(?: licensing)?|licensing|film|tv|television|live (?:show|set|performance)s?)\b/i,
    ]),
    vocalTuning: evidence(text, [/\b(?:vocal tuning|tuning|pitchy|pitch (?:correction|issues|problems)|off pitch|auto-?tune|melodyne|off[- ]key|out of tune|flat (?:notes|vocals)|sharp notes)\b/i]),
    rush: evidence(text, [
      /\b(?:rush(?:ed)?|urgent(?:ly)?|asap|as soon as possible|in a hurry|deadline|tight (?:timeline|schedule|turnaround)|quick turnaround|fast turnaround|release date|next week)\b/i,
      /\bby (?:next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the end of (?:the|this) (?:week|month))\b/i,
    ]),
    revisions: evidence(text, [
      /\b(?:perfectionist|picky|fussy|lots of (?:changes|revisions|feedback)|(?:many|several|extra|more|multiple) (?:revisions?|rounds|changes)|back and forth|label (?:approval|feedback|sign[- ]off)|A&R)\b/i,
    ]),
    instrumental: evidence(text, [/\b(?:instrumental (?:version|mix|too|as well)s?|instrumentals|tv (?:mix|version|track)s?|karaoke|acapellas?|a cappellas?)\b/i]),
  };
}

type PackagePick = { code: string; reason: string };

function pickPackages(s: Signals, tracks: TrackCountEstimate): PackagePick[] {
  const picks: PackagePick[] = [];
  const add = (code: string, reason: string) => picks.push({ code, reason });
  const consistency =
    tracks.value > 1 && tracks.source !== "assumed"
      ? `${tracks.evidence ? `${quote(tracks.evidence)} mentioned` : `${plural(tracks.value, "track")} in all`}, so mix + master keeps the whole release consistent.`
      : null;

  if (s.podcast) {
    if (s.masterOnly) add("mastering", `${quote(s.podcast)} and ${quote(s.masterOnly)}: mastering sets the loudness podcast platforms expect.`);
    add("mix_master", `${quote(s.podcast)}: spoken word needs clean-up, level balancing and loudness for podcast platforms, so mix + master.`);
    if (!s.masterOnly) add("mixing", "Mixing only, if you already have someone to master the episodes.");
  }
  if (s.production) {
    add("production", `${quote(s.production)} mentioned, so production and arrangement to take the idea to a finished track.`);
    add("mix_master", "Mix + master, if the production is done and only needs finishing.");
  }
  if (s.stemMastering) {
    add("stem_mastering", `${quote(s.stemMastering)} mentioned, so stem mastering.`);
    add("mastering", "Stereo mastering, if you would rather send finished mixes than stems.");
  }
  if (s.masterOnly) {
    if (s.stems) {
      add("stem_mastering", `${quote(s.masterOnly)} and ${quote(s.stems)} mentioned, so stem mastering gives more control than a stereo master.`);
      add("mastering", `${quote(s.masterOnly)} mentioned, so stereo mastering of the finished mixes.`);
    } else {
      add("mastering", `${quote(s.masterOnly)} mentioned, so mastering only.`);
      add("stem_mastering", "Stem mastering, if you can send stems, for more control over the balance.");
    }
  }
  if (s.mixOnly) {
    add("mixing", `${quote(s.mixOnly)} mentioned, so mixing only.`);
    add("mix_master", "Mix + master, if you would like the mastering done here too.");
  }
  if (s.mix && s.master && !s.masterOnly) {
    add("mix_master", consistency ?? `${quote(s.mix)} and ${quote(s.master)} mentioned, so mix + master together.`);
  } else if (s.mix && !s.masterOnly) {
    add("mixing", `${quote(s.mix)} mentioned, so mixing.`);
    add("mix_master", consistency ?? "Mix + master, to have the track ready for release in one go.");
  } else if (s.master && !s.mixOnly) {
    add("mastering", `${quote(s.master)} mentioned, so mastering.`);
    add("mix_master", "Mix + master, if the mixes are not final yet.");
  }
  // Nothing specific, or fill the remaining places with the usual choices.
  add("mix_master", consistency ?? "Most releases need both mixing and mastering, so mix + master.");
  if (!s.masterOnly) add("mixing", "Mixing only, if you have mastering arranged elsewhere.");
  if (!s.mixOnly) add("mastering", "Mastering only, if your mixes are already finished.");
  return picks;
}

const ADDON_FITS: Record<string, readonly string[]> = {
  rush: ["mixing", "mastering", "mix_master", "stem_mastering", "production"],
  extra_revision: ["mixing", "mastering", "mix_master", "stem_mastering", "production"],
  vocal_tuning: ["mixing", "mix_master", "production"],
  stems: ["mixing", "mix_master", "production"],
  instrumental_version: ["mixing", "mix_master", "production"],
};

function pickAddons(s: Signals, addons: readonly CatalogueItem[], packageCode: string): RecommendedAddon[] {
  const wanted: Record<string, string | null> = {
    rush: s.rush,
    extra_revision: s.revisions,
    vocal_tuning: s.vocalTuning,
    stems: s.stemsWanted,
    instrumental_version: s.instrumental,
  };
  const chosen: RecommendedAddon[] = [];
  for (const item of addons) {
    const words = wanted[item.code];
    if (!words || !ADDON_FITS[item.code]?.includes(packageCode)) continue;
    const sooner = item.turnaroundDaysSaved > 0 ? ` (${plural(item.turnaroundDaysSaved, "working day")} sooner)` : "";
    chosen.push({ itemId: item.id, code: item.code, name: item.name, reason: `${quote(words)} mentioned, so ${item.name.toLowerCase()}${sooner}.` });
  }
  return chosen;
}

/** Up to three packages for the consultation, best first, priced with tax from the catalogue. */
export function recommend(input: RecommendationInput, catalogue: readonly CatalogueItem[], taxRateBp: number): Recommendations {
  const text = [input.projectDescription, input.specialRequirements ?? ""].join("\n");
  const trackCount = estimateTrackCount(input, text);
  const signals = readSignals(input, text);
  const packages = activeItems(catalogue, "package");
  const addons = activeItems(catalogue, "addon");

  const picks = pickPackages(signals, trackCount);
  const seen = new Set<string>();
  const recommendations: Recommendation[] = [];
  for (const pick of picks) {
    if (recommendations.length >= MAX_RECOMMENDATIONS) break;
    const item = packages.find((p) => p.code === pick.code);
    if (!item || seen.has(item.id)) continue;
    seen.add(item.id);
    const recommendation = priced(item, pick.reason, pickAddons(signals, addons, item.code), catalogue, trackCount, taxRateBp);
    if (recommendation) recommendations.push(recommendation);
  }
  // A catalogue without the usual packages still gets an answer from what it has.
  for (const item of packages) {
    if (recommendations.length > 0) break;
    const recommendation = priced(item, `${item.name} is the closest match the studio offers.`, [], catalogue, trackCount, taxRateBp);
    if (recommendation) recommendations.push(recommendation);
  }
  return { trackCount, recommendations };
}

function priced(
  item: CatalogueItem,
  reason: string,
  addons: RecommendedAddon[],
  catalogue: readonly CatalogueItem[],
  tracks: TrackCountEstimate,
  taxRateBp: number,
): Recommendation | null {
  const addonIds = addons.map((a) => a.itemId);
  const totals = [tracks.min, tracks.value, tracks.max].map((trackCount) =>
    priceSelection(catalogue, { packageId: item.id, addonIds, trackCount }, taxRateBp),
  );
  const [atMin, atValue, atMax] = totals;
  if (!atMin.ok || !atValue.ok || !atMax.ok) return null;
  const amounts = [atMin.totalMinor, atValue.totalMinor, atMax.totalMinor];
  return {
    packageId: item.id,
    code: item.code,
    name: item.name,
    reason,
    addons,
    trackCount: tracks.value,
    estimateMinor: atValue.totalMinor,
    priceRange: { minMinor: Math.min(...amounts), maxMinor: Math.max(...amounts) },
    turnaroundDays: atValue.turnaroundDays,
  };
}
