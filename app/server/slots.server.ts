import { listAvailability, listingStableUntil } from "~/domain/slots";
import { utcMidnightOf } from "~/domain/calendar-date";
import { DEFAULT_LOCALE, textDirection } from "~/domain/locale";
import { addDaysToIsoDate, zonedDate } from "~/domain/time-zones";
import { asIntervals, loadBlocks, type AvailabilityBlocks } from "./availability.server";
import type { AppServices } from "./context.server";
import { availabilityTokenRead, currentAvailabilityToken, listingCache, type ListingCache } from "./listing-cache.server";

const DAY_MS = 24 * 60 * 60 * 1000;
// A client date's slots lie within two days of its UTC midnight (zones are
// under a day from UTC, and slots are grouped by the client's date); three
// days keep a day's margin for consultations that started before.
const MARGIN_MS = 3 * DAY_MS;

/** `locale`: the labels' language and region (a canonical tag, see negotiateLocale); en-GB when not given. */
export type AvailabilityRequest = { clientTimeZone: string; from?: string; days: number; locale?: string };

// Free slots for a range of the client's dates, plus the next free slot after
// it. Blocks are read for the dates asked for only (one D1 round trip); only
// when none of them has a free slot is the rest of the horizon read, to find
// the next one. A listing already worked out under D1's current availability
// token is reused (listing-cache.server.ts): one tiny read instead.
export async function availabilityFor(services: Pick<AppServices, "config" | "db" | "now" | "busyRead">, request: AvailabilityRequest): Promise<Availability> {
  const now = services.now();
  const today = zonedDate(now, request.clientTimeZone);
  const key = `${request.clientTimeZone}|${today}|${request.from ?? ""}|${request.days}|${request.locale ?? ""}`;
  const cache = cacheFor(services.config);
  const remembered = cache.usable(key, now);
  if (remembered) {
    if ((await currentAvailabilityToken(services.db)) === remembered.token) return remembered.value;
    cache.forget(key);
  }
  const { value, token, reusableUntil } = await readAvailability(services, request, now, today);
  if (token !== null) cache.remember(key, { token, computedAt: now, validUntil: reusableUntil, value });
  return value;
}

export type Availability = Awaited<ReturnType<typeof readAvailability>>["value"];

// The config's rules are part of every listing: one cache per config (per deploy, and per test's env).
const caches = new WeakMap<AppServices["config"], ListingCache<Availability>>();
function cacheFor(config: AppServices["config"]): ListingCache<Availability> {
  let cache = caches.get(config);
  if (!cache) caches.set(config, (cache = listingCache({ weigh: slotsIn })));
  return cache;
}

const slotsIn = (listing: Availability) => listing.days.reduce((n, day) => n + 1 + day.slots.length, 0);

async function readAvailability(services: Pick<AppServices, "config" | "db" | "busyRead">, request: AvailabilityRequest, now: number, today: string) {
  const rules = services.config.bookingRules;
  const locale = request.locale ?? DEFAULT_LOCALE;
  const from = request.from && request.from > today ? request.from : today;
  const horizonEnd = now + (rules.horizonDays + 2) * DAY_MS;
  const list = (blocks: AvailabilityBlocks) =>
    listAvailability({
      rules,
      now,
      clientTimeZone: request.clientTimeZone,
      from,
      days: request.days,
      bookings: asIntervals(blocks.bookings),
      busy: blocks.busy,
      closures: blocks.closures,
      locale,
    });
  // The token is read in the first batch: if anything changes before a second
  // one, D1's token is no longer this one, and the listing is never reused.
  const tokenRead = availabilityTokenRead(services.db);
  let token: string | null = null;
  let reusableUntil = listingStableUntil(rules, now);
  const load = async (rangeFrom: number, rangeTo: number) => {
    const blocks = await loadBlocks(services, rangeFrom, rangeTo, token === null ? [tokenRead] : []);
    if (token === null) token = (blocks.alongside[0] as string | null) ?? null;
    reusableUntil = Math.min(reusableUntil, blocks.busyReusableUntil);
    return list(blocks);
  };
  const rangeStart = Math.max(now, utcMidnightOf(from) - MARGIN_MS);
  const rangeEnd = Math.min(horizonEnd, utcMidnightOf(addDaysToIsoDate(from, request.days)) + MARGIN_MS);
  let listed = rangeStart < rangeEnd ? await load(rangeStart, rangeEnd) : null;
  if (!listed?.days.some((day) => day.slots.length > 0)) listed = await load(now, horizonEnd);
  const { days, nextAvailable } = listed;
  const value = {
    from,
    today,
    previousFrom: from > today ? maxDate(addDaysToIsoDate(from, -request.days), today) : null,
    nextFrom: addDaysToIsoDate(from, request.days),
    timeZone: request.clientTimeZone,
    studioTimeZone: rules.studioTimeZone,
    locale,
    dir: textDirection(locale),
    days,
    nextAvailable,
  };
  return { value, token: token as string | null, reusableUntil };
}

function maxDate(a: string, b: string) {
  return a > b ? a : b;
}
