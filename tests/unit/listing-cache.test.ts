import { describe, expect, it } from "vitest";
import { listingCache } from "../../app/server/listing-cache.server";

const entry = <T>(value: T, computedAt = 1_000, validUntil = 2_000, token = "t1") => ({ token, computedAt, validUntil, value });

describe("listingCache", () => {
  it("gives back a listing until time runs it out, and not after", () => {
    const cache = listingCache<unknown>();
    cache.remember("k", entry({ days: [] }));
    expect(cache.usable("k", 1_000)?.token).toBe("t1");
    expect(cache.usable("k", 1_999)?.token).toBe("t1");
    expect(cache.usable("k", 2_000)).toBeUndefined();
    // Gone for good once run out.
    expect(cache.usable("k", 1_500)).toBeUndefined();
  });

  it("does not trust a clock that went back before the listing was worked out", () => {
    const cache = listingCache<unknown>();
    cache.remember("k", entry({}));
    expect(cache.usable("k", 999)).toBeUndefined();
  });

  it("keeps nothing that is out of date already", () => {
    const cache = listingCache<unknown>();
    cache.remember("k", entry({}, 1_000, 1_000));
    expect(cache.usable("k", 1_000)).toBeUndefined();
    cache.remember("k", entry({}, 1_000, -Infinity));
    expect(cache.usable("k", 1_000)).toBeUndefined();
  });

  it("drops the least recently used listing when full", () => {
    const cache = listingCache<unknown>({ maxEntries: 2 });
    cache.remember("a", entry("a"));
    cache.remember("b", entry("b"));
    cache.usable("a", 1_500); // a is now the most recent
    cache.remember("c", entry("c"));
    expect(cache.usable("b", 1_500)).toBeUndefined();
    expect(cache.usable("a", 1_500)?.value).toBe("a");
    expect(cache.usable("c", 1_500)?.value).toBe("c");
  });

  it("forgets a listing on request, and a newer one replaces an older", () => {
    const cache = listingCache<unknown>();
    cache.remember("k", entry("old"));
    cache.remember("k", entry("new", 1_100, 2_000, "t2"));
    expect(cache.usable("k", 1_500)).toMatchObject({ value: "new", token: "t2" });
    cache.forget("k");
    expect(cache.usable("k", 1_500)).toBeUndefined();
  });

  it("freezes what it keeps, so no request can change another's answer", () => {
    const cache = listingCache<unknown>();
    const value = { days: [{ slots: [{ label: "10:00" }] }] };
    cache.remember("k", entry(value));
    expect(() => {
      value.days[0].slots[0].label = "11:00";
    }).toThrow(TypeError);
    expect(Object.isFrozen(value.days)).toBe(true);
  });

  it("drops the oldest listings when their slots together weigh too much, and never keeps one that alone does", () => {
    const cache = listingCache<number>({ maxWeight: 10, weigh: (slots) => slots });
    cache.remember("a", entry(4));
    cache.remember("b", entry(4));
    cache.remember("c", entry(4)); // 12 > 10: a goes
    expect(cache.usable("a", 1_500)).toBeUndefined();
    expect(cache.usable("b", 1_500)?.value).toBe(4);
    cache.remember("huge", entry(11));
    expect(cache.usable("huge", 1_500)).toBeUndefined();
    expect(cache.usable("c", 1_500)?.value).toBe(4);
    // Replacing a listing counts its weight once.
    cache.remember("c", entry(6));
    expect(cache.usable("b", 1_500)?.value).toBe(4);
  });
});
