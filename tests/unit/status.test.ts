import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONSULTATION_STATUSES, type ConsultationStatus } from "~/domain/consultation";
import {
  allowedTargets,
  checkTransition,
  currentStatus,
  historyProblems,
  isFinal,
  reasonRequired,
  type HistoryEntry,
  type StatusActor,
} from "~/domain/status";

const HOUR = 60 * 60 * 1000;
const START = Date.UTC(2026, 11, 1, 10, 0);
const AFTER = START + HOUR;
const BEFORE = START - HOUR;
const ACTORS: StatusActor[] = ["client", "studio", "system"];

// The rules written out as a table, independently of the implementation:
// [from, to, actors, reason required, only after the start]
const ALLOWED: [ConsultationStatus, ConsultationStatus, StatusActor[], boolean, boolean][] = [
  ["scheduled", "completed", ["studio", "system"], false, true],
  ["scheduled", "no_show", ["studio", "system"], false, true],
  ["scheduled", "cancelled", ["client", "studio", "system"], false, false],
  ["completed", "no_show", ["studio"], true, true],
  ["completed", "scheduled", ["studio"], true, false],
  ["no_show", "completed", ["studio"], true, true],
  ["no_show", "scheduled", ["studio"], true, false],
];

function oracle(from: ConsultationStatus, to: ConsultationStatus, actor: StatusActor, reason: string | null, now: number) {
  const rule = ALLOWED.find(([f, t]) => f === from && t === to);
  if (!rule) return false;
  const [, , actors, needsReason, afterStart] = rule;
  if (!actors.includes(actor)) return false;
  if (afterStart && now < START) return false;
  if (needsReason && !reason?.trim()) return false;
  return true;
}

describe("checkTransition", () => {
  it("allows the forward paths from scheduled", () => {
    expect(checkTransition({ from: "scheduled", to: "completed", actor: "studio", startsAt: START, now: AFTER })).toMatchObject({ ok: true, correction: false });
    expect(checkTransition({ from: "scheduled", to: "no_show", actor: "studio", startsAt: START, now: AFTER }).ok).toBe(true);
    expect(checkTransition({ from: "scheduled", to: "cancelled", actor: "client", startsAt: START, now: BEFORE }).ok).toBe(true);
  });

  it("keeps cancelled final", () => {
    for (const to of CONSULTATION_STATUSES) {
      const check = checkTransition({ from: "cancelled", to, actor: "studio", reason: "oops", startsAt: START, now: AFTER });
      expect(check.ok).toBe(false);
    }
    expect(isFinal("cancelled")).toBe(true);
    expect(isFinal("completed")).toBe(false);
  });

  it("needs a reason to correct a completed or no-show consultation", () => {
    const noReason = checkTransition({ from: "completed", to: "no_show", actor: "studio", startsAt: START, now: AFTER });
    expect(noReason).toMatchObject({ ok: false, problem: "reason_required" });
    const blank = checkTransition({ from: "no_show", to: "completed", actor: "studio", reason: "   ", startsAt: START, now: AFTER });
    expect(blank).toMatchObject({ ok: false, problem: "reason_required" });
    const withReason = checkTransition({ from: "no_show", to: "completed", actor: "studio", reason: " They joined late ", startsAt: START, now: AFTER });
    expect(withReason).toEqual({ ok: true, reason: "They joined late", correction: true });
    expect(reasonRequired("completed", "scheduled")).toBe(true);
    expect(reasonRequired("scheduled", "cancelled")).toBe(false);
  });

  it("refuses completed or no-show before the consultation starts", () => {
    expect(checkTransition({ from: "scheduled", to: "completed", actor: "studio", startsAt: START, now: BEFORE })).toMatchObject({ ok: false, problem: "not_started" });
    expect(allowedTargets("scheduled", "studio", { startsAt: START, now: BEFORE })).toEqual(["cancelled"]);
    expect(allowedTargets("scheduled", "studio", { startsAt: START, now: AFTER })).toEqual(["completed", "no_show", "cancelled"]);
  });

  it("lets only the studio correct statuses; a client may only cancel", () => {
    expect(checkTransition({ from: "completed", to: "no_show", actor: "client", reason: "x", startsAt: START, now: AFTER })).toMatchObject({ ok: false, problem: "actor_not_allowed" });
    expect(allowedTargets("scheduled", "client", { startsAt: START, now: AFTER })).toEqual(["cancelled"]);
    expect(allowedTargets("completed", "studio", { startsAt: START, now: AFTER })).toEqual(["no_show", "scheduled"]);
  });

  it("refuses a change to the same status and over-long reasons", () => {
    expect(checkTransition({ from: "scheduled", to: "scheduled", actor: "studio", startsAt: START, now: AFTER })).toMatchObject({ ok: false, problem: "same_status" });
    expect(checkTransition({ from: "scheduled", to: "cancelled", actor: "studio", reason: "x".repeat(501), startsAt: START, now: AFTER })).toMatchObject({ ok: false, problem: "reason_too_long" });
  });

  it("agrees with the rule table for every combination", () => {
    for (const from of CONSULTATION_STATUSES)
      for (const to of CONSULTATION_STATUSES)
        for (const actor of ACTORS)
          for (const reason of [null, "because"])
            for (const now of [BEFORE, AFTER]) {
              const check = checkTransition({ from, to, actor, reason, startsAt: START, now });
              expect(check.ok, `${from} → ${to} by ${actor}, reason ${reason}, ${now === BEFORE ? "before" : "after"}`).toBe(oracle(from, to, actor, reason, now));
            }
  });
});

describe("history", () => {
  const booked: HistoryEntry = { fromStatus: null, toStatus: "scheduled", actor: "client", reason: "Booked online", at: 0 };

  it("finds inconsistent histories", () => {
    expect(historyProblems([booked])).toEqual([]);
    expect(historyProblems([])).toHaveLength(1);
    expect(historyProblems([{ ...booked, fromStatus: "scheduled" }])).toHaveLength(1);
    const skip: HistoryEntry = { fromStatus: "completed", toStatus: "no_show", actor: "studio", reason: "x", at: 1 };
    expect(historyProblems([booked, skip])).toHaveLength(1);
    const afterCancel: HistoryEntry[] = [
      booked,
      { fromStatus: "scheduled", toStatus: "cancelled", actor: "client", reason: null, at: 1 },
      { fromStatus: "cancelled", toStatus: "scheduled", actor: "studio", reason: "x", at: 2 },
    ];
    expect(historyProblems(afterCancel)).toContain("Entry 2 follows a cancellation");
  });

  const attempt = fc.record({
    to: fc.constantFrom(...CONSULTATION_STATUSES),
    actor: fc.constantFrom(...ACTORS),
    reason: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    // Minutes after the start: negative is before the consultation.
    minutes: fc.integer({ min: -120, max: 600 }),
  });

  it("keeps the history consistent for any sequence of attempts, and applies exactly the allowed ones", () => {
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        const history: HistoryEntry[] = [booked];
        let status: ConsultationStatus = "scheduled";
        let clock = BEFORE - 10 * HOUR;
        for (const a of attempts) {
          // Time only moves forward.
          clock = Math.max(clock, START + a.minutes * 60_000);
          const check = checkTransition({ from: status, to: a.to, actor: a.actor, reason: a.reason, startsAt: START, now: clock });
          expect(check.ok).toBe(oracle(status, a.to, a.actor, a.reason, clock));
          if (!check.ok) continue; // a refused change leaves no trace
          history.push({ fromStatus: status, toStatus: a.to, actor: a.actor, reason: check.reason, at: clock });
          status = a.to;
        }
        expect(historyProblems(history)).toEqual([]);
        expect(currentStatus(history)).toBe(status);
        // Corrections always say why.
        for (const entry of history.slice(1)) {
          if (entry.fromStatus !== "scheduled") expect(entry.reason).toBeTruthy();
        }
      }),
      { numRuns: 500 },
    );
  });

  it("rejects every attempt once a consultation is cancelled", () => {
    fc.assert(
      fc.property(fc.array(attempt, { minLength: 1, maxLength: 10 }), (attempts) => {
        for (const a of attempts) {
          const check = checkTransition({ from: "cancelled", to: a.to, actor: a.actor, reason: a.reason ?? "reason", startsAt: START, now: START + a.minutes * 60_000 });
          expect(check.ok).toBe(false);
        }
      }),
    );
  });
});
