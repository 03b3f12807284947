-- One row: a token that changes in the same transaction as anything a slot
-- listing is made of (docs/decisions/0061). A listing worked out at one token
-- is still right while D1 holds that token (and its time has not run out), so
-- a repeat read costs one tiny statement instead of the whole batch.
-- Triggers, not application code, change it: no write path can forget, and a
-- write made by hand (wrangler d1 execute) counts the same.
-- A random token, not a counter: a database restored to an earlier state
-- (a backup, Time Travel, a test's rollback) never meets a cached listing of
-- different data under the same token.
CREATE TABLE availability_version (
  id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  token TEXT NOT NULL
);
INSERT INTO availability_version (id, token) VALUES (1, lower(hex(randomblob(8))));

-- Consultations: what blocks a slot (status, time, length) and where our own
-- calendar events are (subtracted from the studio calendar's busy time).
CREATE TRIGGER availability_version_consultation_insert AFTER INSERT ON consultations BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_consultation_update
  AFTER UPDATE OF status, consultation_date, duration_minutes, calendar_event_starts_at, calendar_event_ends_at ON consultations
  WHEN old.status IS NOT new.status
    OR old.consultation_date IS NOT new.consultation_date
    OR old.duration_minutes IS NOT new.duration_minutes
    OR old.calendar_event_starts_at IS NOT new.calendar_event_starts_at
    OR old.calendar_event_ends_at IS NOT new.calendar_event_ends_at
BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_consultation_delete AFTER DELETE ON consultations BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;

-- The studio's closures.
CREATE TRIGGER availability_version_closure_insert AFTER INSERT ON availability_closures BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_closure_update AFTER UPDATE ON availability_closures BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_closure_delete AFTER DELETE ON availability_closures BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;

-- The local calendar (npm start, tests): D1 is the studio calendar there.
CREATE TRIGGER availability_version_local_event_insert AFTER INSERT ON local_calendar_events BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_local_event_update AFTER UPDATE ON local_calendar_events BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_local_event_delete AFTER DELETE ON local_calendar_events BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;

-- Google's busy list as shared through D1.
CREATE TRIGGER availability_version_busy_insert AFTER INSERT ON calendar_busy_cache BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_busy_update AFTER UPDATE ON calendar_busy_cache BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
CREATE TRIGGER availability_version_busy_delete AFTER DELETE ON calendar_busy_cache BEGIN
  UPDATE availability_version SET token = lower(hex(randomblob(8))) WHERE id = 1;
END;
