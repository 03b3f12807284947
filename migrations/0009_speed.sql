-- Issue 9 (speed). The booking page reads, in the same D1 batch as the
-- bookings, the consultations whose calendar event lies in the dates shown
-- (calendar-sync/busy.server.ts ownEventsQuery): events that have ended are
-- the bulk of the table, and this index skips them and every row without one.
CREATE INDEX consultations_calendar_event_ends_at
  ON consultations (calendar_event_ends_at, calendar_event_starts_at)
  WHERE calendar_event_ends_at IS NOT NULL;
