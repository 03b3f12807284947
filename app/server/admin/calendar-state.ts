// What the admin's consultation page says about the studio calendar's event,
// from the consultation's calendar columns (migrations/0003) and its outbox jobs.

export type CalendarFacts = {
  status: string;
  consultationDate: number;
  durationMinutes: number;
  googleCalendarEventId: string | null;
  calendarChecked: boolean;
  calendarEventStartsAt: number | null;
  calendarEventEndsAt: number | null;
};

export type JobFacts = { kind: string; status: string; lastError: string | null };

export type CalendarState = {
  tone: "ok" | "pending" | "problem" | "none";
  label: string;
  detail: string | null;
};

export function calendarState(c: CalendarFacts, jobs: readonly JobFacts[]): CalendarState {
  const calendarJobs = jobs.filter((j) => j.kind.startsWith("calendar."));
  const dead = calendarJobs.find((j) => j.status === "dead");
  const waiting = calendarJobs.some((j) => j.status === "pending" || j.status === "running");
  const endsAt = c.consultationDate + c.durationMinutes * 60_000;
  const notChecked = c.calendarChecked ? null : "Booked while the studio calendar could not be read: check it for a clash.";

  if (dead) {
    return { tone: "problem", label: "Calendar update failed", detail: `The last calendar job gave up${dead.lastError ? ` (${dead.lastError})` : ""}. Retry it from the Outbox.` };
  }
  if (c.status === "cancelled") {
    if (waiting) return { tone: "pending", label: "Removing the event", detail: "The calendar event is being deleted." };
    return { tone: "ok", label: c.calendarEventStartsAt === null ? "Event removed" : "Event still in the calendar", detail: null };
  }
  if (c.calendarEventStartsAt === null) {
    if (waiting) return { tone: "pending", label: "Creating the event", detail: notChecked };
    return { tone: calendarJobs.length ? "problem" : "none", label: "No calendar event", detail: notChecked };
  }
  if (c.calendarEventStartsAt !== c.consultationDate || (c.calendarEventEndsAt !== null && c.calendarEventEndsAt !== endsAt)) {
    return {
      tone: waiting ? "pending" : "problem",
      label: waiting ? "Moving the event" : "Out of sync",
      detail: waiting ? "The event still shows the old time; an update is queued." : "The event's time differs from the consultation's.",
    };
  }
  if (!c.calendarChecked) return { tone: "problem", label: "In the calendar, not checked", detail: notChecked };
  return { tone: "ok", label: "In sync", detail: null };
}
