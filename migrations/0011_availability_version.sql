-- One number that changes with everything the slot reads read (decision 0046):
-- the consultations that block time, the studio's closures, the local
-- calendar's events and the shared Google busy list. Each isolate keeps the
-- blocks it last read with this number; a read's batch sends the number it
-- holds and every block statement's LIMIT is 0 while it is still current
-- (the statements do no work and return no rows), so a read costs one round
-- trip either way and almost nothing when nothing changed.
--
-- Triggers, not code, bump it: no write path (booking, admin, manage link,
-- erasure, retention, cron, a restore) can forget to. The new number is
-- random, not a count: a database restored to an earlier state gets that
-- state's number back, never a number an isolate holds for something else.
-- Within ±2^52, so JavaScript's numbers (D1's results) hold it exactly.
CREATE TABLE availability_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);

INSERT INTO availability_version (id, version) VALUES (1, random() % 4503599627370496);

-- Consultations: what availability.server.ts (active bookings) and
-- calendar-sync/busy.server.ts (our own calendar events) read.
CREATE TRIGGER availability_version_consultation_insert AFTER INSERT ON consultations BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_consultation_update
AFTER UPDATE OF status, consultation_date, duration_minutes, calendar_event_starts_at, calendar_event_ends_at ON consultations BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_consultation_delete AFTER DELETE ON consultations BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_closure_insert AFTER INSERT ON availability_closures BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_closure_update AFTER UPDATE ON availability_closures BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_closure_delete AFTER DELETE ON availability_closures BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_local_event_insert AFTER INSERT ON local_calendar_events BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_local_event_update AFTER UPDATE ON local_calendar_events BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_local_event_delete AFTER DELETE ON local_calendar_events BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

-- The Google busy list (and when it was read: its freshness decides whether a
-- read calls Google, so a cached copy must be the row D1 holds).
CREATE TRIGGER availability_version_busy_cache_insert AFTER INSERT ON calendar_busy_cache BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_busy_cache_update AFTER UPDATE ON calendar_busy_cache BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;

CREATE TRIGGER availability_version_busy_cache_delete AFTER DELETE ON calendar_busy_cache BEGIN
  UPDATE availability_version SET version = random() % 4503599627370496 WHERE id = 1;
END;
