import { describe, expect, it } from "vitest";
import { calendarState, type CalendarFacts } from "~/server/admin/calendar-state";

const base: CalendarFacts = {
  status: "scheduled",
  consultationDate: 1_000_000,
  durationMinutes: 15,
  googleCalendarEventId: "evt1",
  calendarChecked: true,
  calendarEventStartsAt: 1_000_000,
  calendarEventEndsAt: 1_000_000 + 15 * 60_000,
};

describe("calendarState", () => {
  it("is in sync when the event has the consultation's times", () => {
    expect(calendarState(base, [])).toMatchObject({ tone: "ok", label: "In sync" });
  });

  it("says when the event is being created, moved or removed", () => {
    const pending = [{ kind: "calendar.create", status: "pending", lastError: null }];
    expect(calendarState({ ...base, calendarEventStartsAt: null, calendarEventEndsAt: null, googleCalendarEventId: null }, pending)).toMatchObject({ tone: "pending", label: "Creating the event" });
    expect(calendarState({ ...base, consultationDate: 2_000_000 }, [{ kind: "calendar.patch", status: "pending", lastError: null }])).toMatchObject({ tone: "pending", label: "Moving the event" });
    expect(calendarState({ ...base, status: "cancelled" }, [{ kind: "calendar.delete", status: "running", lastError: null }])).toMatchObject({ tone: "pending" });
    expect(calendarState({ ...base, status: "cancelled", calendarEventStartsAt: null }, [])).toMatchObject({ tone: "ok", label: "Event removed" });
  });

  it("flags problems: a dead job, a drifted event, an unchecked booking, no event", () => {
    expect(calendarState(base, [{ kind: "calendar.patch", status: "dead", lastError: "403: forbidden" }])).toMatchObject({ tone: "problem", label: "Calendar update failed" });
    expect(calendarState({ ...base, calendarEventStartsAt: 5 }, [])).toMatchObject({ tone: "problem", label: "Out of sync" });
    expect(calendarState({ ...base, calendarChecked: false }, [])).toMatchObject({ tone: "problem", label: "In the calendar, not checked" });
    expect(calendarState({ ...base, calendarEventStartsAt: null }, [{ kind: "calendar.create", status: "done", lastError: null }])).toMatchObject({ tone: "problem", label: "No calendar event" });
    expect(calendarState({ ...base, calendarEventStartsAt: null }, [])).toMatchObject({ tone: "none" });
  });
});
