import type { Db } from "./db/client.server";
import { runStatement, type BoundStatement } from "./db/prepared.server";

// Slot listings remembered per isolate, each under the availability token D1
// held when it was read (migrations/0011; docs/decisions/0061). Triggers change
// the token in the same transaction as any booking, move, cancellation,
// closure or calendar change, so a listing whose token D1 still holds is
// exactly what a fresh read would give, as long as time has not moved a slot
// past now, the notice or the horizon (validUntil). A repeat read then costs
// one one-row statement instead of the whole batch, the grid and the labels.
// D1 stays the truth: every answer checks the token there first.

/** D1's current availability token (one row, by its primary key), for a batch or on its own. */
export function availabilityTokenRead(db: Db): BoundStatement<string | null> {
  return {
    statement: db.$client.prepare("SELECT token FROM availability_version WHERE id = 1"),
    result: (response) => (response.results[0] as { token?: string } | undefined)?.token ?? null,
  };
}

export type ListingEntry<T> = {
  token: string;
  /** When it was worked out, and until when (exclusive) time leaves it right. */
  computedAt: number;
  validUntil: number;
  value: T;
};

// A week is about 10 KB of JSON; 62 days of free slots about 30 times that.
// So the limit is on slots kept as well as on listings: a few hundred weeks
// (time zone × week × locale), the most recently used kept.
const MAX_ENTRIES = 300;
const MAX_WEIGHT = 60_000;

export type ListingCache<T> = {
  /** An entry that time has not outrun, or undefined. */
  usable(key: string, now: number): ListingEntry<T> | undefined;
  remember(key: string, entry: ListingEntry<T>): void;
  forget(key: string): void;
};

/** `weigh`: what a value costs against `maxWeight` (its slots, say); 1 each unless given. */
export function listingCache<T>({ maxEntries = MAX_ENTRIES, maxWeight = MAX_WEIGHT, weigh = () => 1 }: { maxEntries?: number; maxWeight?: number; weigh?: (value: T) => number } = {}): ListingCache<T> {
  const entries = new Map<string, ListingEntry<T> & { weight: number }>();
  let weight = 0;
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    weight -= entry.weight;
  };
  return {
    usable(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      // A clock that went back (a test's, or a listing from the future) is not trusted either.
      if (now < entry.computedAt || now >= entry.validUntil) {
        drop(key);
        return undefined;
      }
      // Most recently used last, so the oldest goes first when full.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    remember(key, entry) {
      drop(key);
      const cost = Math.max(1, weigh(entry.value));
      if (!(entry.validUntil > entry.computedAt) || cost > maxWeight) return;
      // Every later request gets this very object: none may change it.
      deepFreeze(entry.value);
      entries.set(key, { ...entry, weight: cost });
      weight += cost;
      while (entries.size > maxEntries || weight > maxWeight) drop(entries.keys().next().value as string);
    },
    forget(key) {
      drop(key);
    },
  };
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export function currentAvailabilityToken(db: Db): Promise<string | null> {
  return runStatement(db, availabilityTokenRead(db));
}
