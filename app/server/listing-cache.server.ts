import type { Db } from "./db/client.server";

// Slot listings remembered per isolate, each under the availability token D1
// held when it was read (migrations/0011; docs/decisions/0061). Triggers change
// the token in the same transaction as any booking, move, cancellation,
// closure or calendar change, so a listing whose token D1 still holds is
// exactly what a fresh read would give, as long as time has not moved a slot
// past now, the notice or the horizon (validUntil). A repeat read then costs
// one one-row statement instead of the whole batch, the grid and the labels.
// D1 stays the truth: every answer checks the token there first.

/** D1's current availability token: one row, by its primary key. */
export const AVAILABILITY_TOKEN_SQL = "SELECT token FROM availability_version WHERE id = 1";

export type ListingEntry<T> = {
  token: string;
  /** When it was worked out, and until when (exclusive) time leaves it right. */
  computedAt: number;
  validUntil: number;
  value: T;
};

// About 10 KB a listing: a few hundred keys (time zone × week × locale) fit
// easily, and the most visited weeks are the most recently used.
const MAX_ENTRIES = 300;

export type ListingCache<T> = {
  /** An entry that time has not outrun, or undefined. */
  usable(key: string, now: number): ListingEntry<T> | undefined;
  remember(key: string, entry: ListingEntry<T>): void;
  forget(key: string): void;
};

export function listingCache<T>(maxEntries = MAX_ENTRIES): ListingCache<T> {
  const entries = new Map<string, ListingEntry<T>>();
  return {
    usable(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      // A clock that went back (a test's, or a listing from the future) is not trusted either.
      if (now < entry.computedAt || now >= entry.validUntil) {
        entries.delete(key);
        return undefined;
      }
      // Most recently used last, so the oldest goes first when full.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    remember(key, entry) {
      if (!(entry.validUntil > entry.computedAt)) return;
      // Every later request gets this very object: none may change it.
      deepFreeze(entry.value);
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    forget(key) {
      entries.delete(key);
    },
  };
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export async function currentAvailabilityToken(db: Db): Promise<string | null> {
  return await db.$client.prepare(AVAILABILITY_TOKEN_SQL).first<string>("token");
}
