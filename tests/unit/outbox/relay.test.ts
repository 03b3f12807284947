import { describe, expect, it } from "vitest";
import { dueWork } from "~/server/outbox/relay.server";

describe("dueWork: what a batch of relay messages asks the consumer to run", () => {
  it("merges the consultations of every message, each once", () => {
    const work = dueWork([{ body: { consultationIds: ["a", "b"] } }, { body: { consultationIds: ["b", "c"] } }]);
    expect(work).toEqual({ consultationIds: ["a", "b", "c"], anyDue: false });
  });

  it("a message without ids (the admin's 'run now') asks for any due job too", () => {
    expect(dueWork([{ body: {} }, { body: { consultationIds: ["a"] } }])).toEqual({ consultationIds: ["a"], anyDue: true });
  });

  it("a malformed message is treated as 'any due job', never as an error", () => {
    expect(dueWork([{ body: null }, { body: { consultationIds: [1, "x"] } }])).toEqual({ consultationIds: ["x"], anyDue: true });
  });
});
