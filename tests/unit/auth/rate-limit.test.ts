import { describe, expect, it } from "vitest";
import { hashPassword } from "../../../app/server/auth/password.server";
import {
  afterFailure,
  combineDecisions,
  decideLimit,
  EMAIL_RULE,
  IP_RULE,
  tooManyAttemptsMessage,
  type AttemptStore,
  type AttemptWindow,
} from "../../../app/server/auth/rate-limit.server";
import { attemptSignIn, type SignInDeps } from "../../../app/server/auth/sign-in.server";

const MIN = 60_000;
const T0 = Date.UTC(2026, 4, 1, 9, 0, 0);
const rule = { limit: 3, windowMs: 15 * MIN };

describe("rate limit decisions", () => {
  it("allows attempts while failures are under the limit", () => {
    expect(decideLimit(null, rule, T0)).toEqual({ limited: false });
    expect(decideLimit({ windowStart: T0, count: 2 }, rule, T0 + MIN)).toEqual({ limited: false });
  });

  it("limits at the limit until the window ends, saying how long to wait", () => {
    expect(decideLimit({ windowStart: T0, count: 3 }, rule, T0 + 5 * MIN)).toEqual({ limited: true, retryAfterMs: 10 * MIN });
    expect(decideLimit({ windowStart: T0, count: 9 }, rule, T0 + 15 * MIN - 1)).toEqual({ limited: true, retryAfterMs: 1 });
    expect(decideLimit({ windowStart: T0, count: 9 }, rule, T0 + 15 * MIN)).toEqual({ limited: false });
  });

  it("counts failures within a window and starts a new one after it", () => {
    let w: AttemptWindow | null = null;
    w = afterFailure(w, rule, T0);
    expect(w).toEqual({ windowStart: T0, count: 1 });
    w = afterFailure(w, rule, T0 + 14 * MIN);
    expect(w).toEqual({ windowStart: T0, count: 2 });
    w = afterFailure(w, rule, T0 + 15 * MIN);
    expect(w).toEqual({ windowStart: T0 + 15 * MIN, count: 1 });
  });

  it("uses 10 per IP and 5 per email in 15 minutes", () => {
    expect(IP_RULE).toEqual({ limit: 10, windowMs: 15 * MIN });
    expect(EMAIL_RULE).toEqual({ limit: 5, windowMs: 15 * MIN });
  });

  it("combines decisions by taking the longest wait", () => {
    expect(combineDecisions([{ limited: false }, { limited: false }])).toEqual({ limited: false });
    expect(
      combineDecisions([{ limited: true, retryAfterMs: 5 }, { limited: false }, { limited: true, retryAfterMs: 9 }]),
    ).toEqual({ limited: true, retryAfterMs: 9 });
  });

  it("words the wait in whole minutes, rounded up", () => {
    expect(tooManyAttemptsMessage(14 * MIN + 1)).toBe("Too many attempts, try again in 15 minutes");
    expect(tooManyAttemptsMessage(1_000)).toBe("Too many attempts, try again in 1 minute");
  });
});

// An in-memory store with the same arithmetic as the D1 one.
function memoryStore(): AttemptStore & { rows: Map<string, AttemptWindow> } {
  const rows = new Map<string, AttemptWindow>();
  return {
    rows,
    async get(keys) {
      return new Map(keys.flatMap((k) => (rows.has(k) ? [[k, rows.get(k)!] as const] : [])));
    },
    async recordFailure(keys, windowMs, now) {
      for (const k of keys) rows.set(k, afterFailure(rows.get(k), { limit: 0, windowMs }, now));
    },
    async clear(key) {
      rows.delete(key);
    },
    async prune() {},
  };
}

describe("attemptSignIn", async () => {
  const passwordHash = await hashPassword("the right password", { iterations: 1000 });
  const admin = { id: "a1", email: "owner@studio.test", name: "Owner", passwordHash };

  function deps(now = () => T0) {
    const attempts = memoryStore();
    const signIns: string[] = [];
    const d: SignInDeps = {
      attempts,
      findAdminByEmail: async (email) => (email === admin.email ? admin : null),
      recordSignIn: async (id) => void signIns.push(id),
      now,
    };
    return { d, attempts, signIns };
  }

  it("signs in with the right password (email in any case) and records it", async () => {
    const { d, signIns } = deps();
    const outcome = await attemptSignIn(d, { email: " Owner@Studio.TEST ", password: "the right password", ip: "1.2.3.4" });
    expect(outcome).toEqual({ ok: true, admin: { id: "a1", email: admin.email, name: "Owner" } });
    expect(signIns).toEqual(["a1"]);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const { d } = deps();
    expect(await attemptSignIn(d, { email: admin.email, password: "wrong", ip: "1.2.3.4" })).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptSignIn(d, { email: "nobody@x.test", password: "wrong", ip: "1.2.3.4" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("limits the 6th attempt for one email, even with the right password", async () => {
    const { d } = deps();
    for (let i = 0; i < 5; i++) {
      expect((await attemptSignIn(d, { email: admin.email, password: "wrong", ip: `10.0.0.${i}` })).ok).toBe(false);
    }
    const sixth = await attemptSignIn(d, { email: admin.email, password: "the right password", ip: "10.0.0.99" });
    expect(sixth).toEqual({ ok: false, reason: "limited", retryAfterMs: 15 * MIN });
  });

  it("limits the 11th attempt from one IP across emails", async () => {
    const { d } = deps();
    for (let i = 0; i < 10; i++) {
      const outcome = await attemptSignIn(d, { email: `guess${i}@x.test`, password: "wrong", ip: "6.6.6.6" });
      expect(outcome).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await attemptSignIn(d, { email: "guess10@x.test", password: "wrong", ip: "6.6.6.6" })).toMatchObject({ reason: "limited" });
    // Another IP is unaffected.
    expect(await attemptSignIn(d, { email: admin.email, password: "the right password", ip: "7.7.7.7" })).toMatchObject({ ok: true });
  });

  it("does not count a limited attempt, and allows again after the window", async () => {
    let now = T0;
    const { d, attempts } = deps(() => now);
    for (let i = 0; i < 5; i++) await attemptSignIn(d, { email: admin.email, password: "wrong", ip: "1.1.1.1" });
    now = T0 + 10 * MIN;
    expect(await attemptSignIn(d, { email: admin.email, password: "wrong", ip: "1.1.1.1" })).toEqual({
      ok: false,
      reason: "limited",
      retryAfterMs: 5 * MIN,
    });
    expect(attempts.rows.get("email:owner@studio.test")!.count).toBe(5);
    now = T0 + 15 * MIN;
    expect(await attemptSignIn(d, { email: admin.email, password: "the right password", ip: "1.1.1.1" })).toMatchObject({ ok: true });
  });

  it("clears the email's counter after a successful sign-in", async () => {
    const { d, attempts } = deps();
    await attemptSignIn(d, { email: admin.email, password: "wrong", ip: "1.1.1.1" });
    expect(attempts.rows.has("email:owner@studio.test")).toBe(true);
    await attemptSignIn(d, { email: admin.email, password: "the right password", ip: "1.1.1.1" });
    expect(attempts.rows.has("email:owner@studio.test")).toBe(false);
    expect(attempts.rows.get("ip:1.1.1.1")!.count).toBe(1);
  });
});
