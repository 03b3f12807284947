-- The studio's admin: closures of the booking calendar, an audit trail of edits
-- and reschedules, and indexes for the consultation list's filters and sorts.
-- See docs/decisions/0009-admin-consultation-changes.md. Instants are UTC epoch ms.

-- Times the studio is closed to consultations (holidays, studio sessions).
-- Entered in the studio's zone, stored as the UTC instants they cover, [starts_at, ends_at).
CREATE TABLE availability_closures (
  id TEXT PRIMARY KEY NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
  reason TEXT NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
-- Overlap queries ask for ends_at > from AND starts_at < to; closures that have
-- ended are the bulk of the table and this index skips them.
CREATE INDEX availability_closures_ends_at ON availability_closures (ends_at, starts_at);

-- Append-only record of changes that are not status changes (those live in
-- consultation_status_history): edited details, edited notes, reschedules.
CREATE TABLE consultation_changes (
  id TEXT PRIMARY KEY NOT NULL,
  consultation_id TEXT NOT NULL REFERENCES consultations (id),
  kind TEXT NOT NULL CHECK (kind IN ('details', 'notes', 'rescheduled')),
  actor TEXT NOT NULL CHECK (actor IN ('client', 'studio', 'system')),
  actor_detail TEXT,
  summary TEXT NOT NULL,
  previous_starts_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX consultation_changes_consultation ON consultation_changes (consultation_id, created_at);

-- The admin list: a status filter sorted by date, a genre filter sorted by
-- date, newest bookings first, and clients by name.
CREATE INDEX consultations_status_date ON consultations (status, consultation_date);
CREATE INDEX consultations_genre_date ON consultations (genre, consultation_date);
CREATE INDEX consultations_created_at ON consultations (created_at);
CREATE INDEX consultations_customer_name ON consultations (customer_name COLLATE NOCASE);

-- The reports: who cancelled, from the history.
CREATE INDEX consultation_status_history_to_status ON consultation_status_history (to_status, actor);
