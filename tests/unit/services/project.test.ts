import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MILESTONES, canComplete, isMilestone, milestoneProgress, nextMilestone, projectStatusOf, type Milestone } from "~/domain/project";

const done = (...m: Milestone[]) => new Set<Milestone>(m);

describe("project milestones", () => {
  it("start waiting for the files", () => {
    expect(projectStatusOf(done())).toBe("awaiting_files");
    expect(nextMilestone(done())).toBe("files_received");
    expect(milestoneProgress(done())).toMatchObject({ doneCount: 0, total: 4, percent: 0 });
    expect(canComplete("files_received", done())).toEqual({ ok: true });
  });

  it("go in order and say which one comes first", () => {
    expect(canComplete("first_version", done())).toEqual({
      ok: false,
      reason: "out_of_order",
      message: "Mark “Files received” as done before “First version sent”",
    });
    expect(canComplete("final_delivery", done("files_received", "first_version"))).toMatchObject({
      ok: false,
      message: "Mark “Revisions done” as done before “Final delivery”",
    });
    expect(canComplete("revisions", done("files_received", "first_version"))).toEqual({ ok: true });
  });

  it("refuse marking a milestone twice", () => {
    expect(canComplete("files_received", done("files_received"))).toMatchObject({ ok: false, reason: "already_done" });
  });

  it("show progress and the current step", () => {
    const progress = milestoneProgress(done("files_received", "first_version"));
    expect(progress.percent).toBe(50);
    expect(progress.steps.map((s) => [s.label, s.done, s.current])).toEqual([
      ["Files received", true, false],
      ["First version sent", true, false],
      ["Revisions done", false, true],
      ["Final delivery", false, false],
    ]);
    expect(projectStatusOf(done("files_received"))).toBe("in_progress");
  });

  it("end delivered", () => {
    const all = done(...MILESTONES);
    expect(projectStatusOf(all)).toBe("delivered");
    expect(nextMilestone(all)).toBeNull();
    expect(milestoneProgress(all).percent).toBe(100);
  });

  it("completing only what canComplete allows always walks the list in order", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...MILESTONES), { maxLength: 12 }), (attempts) => {
        const state = done();
        for (const m of attempts) if (canComplete(m, state).ok) state.add(m);
        expect([...state]).toEqual(MILESTONES.slice(0, state.size));
      }),
    );
  });

  it("recognises milestone names from a form", () => {
    expect(isMilestone("revisions")).toBe(true);
    expect(isMilestone("mixing")).toBe(false);
    expect(isMilestone(3)).toBe(false);
  });
});
