import { describe, expect, it } from "vitest";
import { feedbackWindow } from "~/domain/feedback-window";

describe("feedbackWindow: when a client may rate a consultation", () => {
  const now = Date.UTC(2026, 5, 10, 12);
  const cases: [string, Parameters<typeof feedbackWindow>[0], ReturnType<typeof feedbackWindow>][] = [
    ["completed", { status: "completed", consultationDate: now - 86_400_000 }, "open"],
    ["scheduled, started a minute ago (outcome not recorded yet)", { status: "scheduled", consultationDate: now - 60_000 }, "open"],
    ["scheduled, starting right now", { status: "scheduled", consultationDate: now }, "open"],
    ["scheduled, a minute ahead", { status: "scheduled", consultationDate: now + 60_000 }, "not_yet"],
    ["cancelled, even after its time", { status: "cancelled", consultationDate: now - 86_400_000 }, "cancelled"],
    ["a no-show", { status: "no_show", consultationDate: now - 86_400_000 }, "no_show"],
  ];
  it.each(cases)("%s", (_, consultation, expected) => {
    expect(feedbackWindow(consultation, now)).toBe(expected);
  });
});
