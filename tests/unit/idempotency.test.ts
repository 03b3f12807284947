import { describe, expect, it } from "vitest";
import { idempotentConsultationId, verdictOf } from "~/server/idempotency.server";

const SECRET = "a-test-secret-of-at-least-32-characters!";

describe("idempotentConsultationId", () => {
  it("is the same for the same key and request, and a UUID", async () => {
    const a = await idempotentConsultationId(SECRET, { key: "k1", hash: "h1" });
    expect(await idempotentConsultationId(SECRET, { key: "k1", hash: "h1" })).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("differs for another request with the same key, another key, or another secret", async () => {
    const a = await idempotentConsultationId(SECRET, { key: "k1", hash: "h1" });
    expect(await idempotentConsultationId(SECRET, { key: "k1", hash: "h2" })).not.toBe(a);
    expect(await idempotentConsultationId(SECRET, { key: "k2", hash: "h1" })).not.toBe(a);
    expect(await idempotentConsultationId(`${SECRET}x`, { key: "k1", hash: "h1" })).not.toBe(a);
  });
});

describe("verdictOf: what a stored key means for a request", () => {
  const row = { key: "k", requestHash: "h", state: "done" as const, responseStatus: 201, responseBody: '{"id":"x"}', createdAt: 1 };
  it("replays a stored answer for the same request", () => {
    expect(verdictOf([row], "h")).toEqual({ kind: "replay", response: { status: 201, body: { id: "x" } } });
  });
  it("refuses another request with the key", () => {
    expect(verdictOf([row], "other")).toEqual({ kind: "mismatch" });
  });
  it("ignores no row and a pending row left by a request that died", () => {
    expect(verdictOf([], "h")).toEqual({ kind: "none" });
    expect(verdictOf([{ ...row, state: "pending" }], "h")).toEqual({ kind: "none" });
  });
});
