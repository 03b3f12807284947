import { describe, expect, it } from "vitest";
import { longDateLabel, MAX_MILESTONE_NOTE_LENGTH, milestoneFormSchema, parseProjectListQuery } from "../../../app/domain/project-forms";

describe("the milestone form", () => {
  it("takes a milestone and an optional note, trimmed; an empty or missing note is null", () => {
    expect(milestoneFormSchema.parse({ milestone: "files_received", note: "  All stems here  " })).toEqual({ milestone: "files_received", note: "All stems here" });
    expect(milestoneFormSchema.parse({ milestone: "final_delivery", note: "   " })).toEqual({ milestone: "final_delivery", note: null });
    expect(milestoneFormSchema.parse({ milestone: "revisions" })).toEqual({ milestone: "revisions", note: null });
    expect(milestoneFormSchema.parse({ milestone: "revisions", note: null })).toEqual({ milestone: "revisions", note: null });
  });

  it("refuses an unknown milestone and a note over the limit, with messages a person can act on", () => {
    const unknown = milestoneFormSchema.safeParse({ milestone: "mastered" });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0].message).toBe("Pick a milestone of the project");
    const long = milestoneFormSchema.safeParse({ milestone: "first_version", note: "a".repeat(MAX_MILESTONE_NOTE_LENGTH + 1) });
    expect(long.error?.issues[0]).toMatchObject({ path: ["note"], message: "Keep the note to the client to 1000 characters or fewer" });
    expect(milestoneFormSchema.safeParse({ milestone: "first_version", note: "a".repeat(MAX_MILESTONE_NOTE_LENGTH) }).success).toBe(true);
    expect(milestoneFormSchema.safeParse({ milestone: "first_version", note: 42 }).error?.issues[0].message).toBe("The note must be text");
  });
});

describe("the project list query", () => {
  it("defaults to the open projects, first page; empty values count as absent", () => {
    expect(parseProjectListQuery(new URLSearchParams(""))).toEqual({ ok: true, query: { status: "open", page: 1 } });
    expect(parseProjectListQuery(new URLSearchParams("status=&page="))).toEqual({ ok: true, query: { status: "open", page: 1 } });
    expect(parseProjectListQuery(new URLSearchParams("status=delivered&page=3"))).toEqual({ ok: true, query: { status: "delivered", page: 3 } });
  });

  it("names each bad parameter", () => {
    const bad = parseProjectListQuery(new URLSearchParams("status=finished&page=0"));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.errors).sort()).toEqual(["page", "status"]);
    expect(bad.errors.page).toEqual(["Page starts at 1"]);
    expect(parseProjectListQuery(new URLSearchParams("page=2.5"))).toMatchObject({ ok: false, errors: { page: ["Page must be a whole number"] } });
  });
});

describe("long date labels", () => {
  it("names the studio's calendar day without any zone shifting it", () => {
    expect(longDateLabel("2026-06-12")).toMatch(/^Friday,? 12 June 2026$/);
    expect(longDateLabel("2026-03-29")).toMatch(/^Sunday,? 29 March 2026$/); // the UK's clocks change that night
    expect(longDateLabel("not a date")).toBe("not a date");
  });
});
