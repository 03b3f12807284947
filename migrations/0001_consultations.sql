-- Consultations: the seed's schema adapted to SQLite/D1.
-- Instants are UTC epoch milliseconds; the client's zone is stored beside them.
CREATE TABLE consultations (
  id TEXT PRIMARY KEY NOT NULL,
  project_name TEXT NOT NULL,
  project_description TEXT NOT NULL,
  genre TEXT NOT NULL,
  bpm INTEGER CHECK (bpm IS NULL OR (bpm BETWEEN 20 AND 300)),
  communication_preference TEXT NOT NULL DEFAULT 'call',
  consultation_date INTEGER NOT NULL,
  duration_minutes INTEGER NOT NULL DEFAULT 15 CHECK (duration_minutes > 0),
  time_zone TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
  customer_name TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  customer_phone TEXT,
  special_requirements TEXT,
  google_calendar_event_id TEXT,
  admin_notes TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE INDEX consultations_status ON consultations (status);
CREATE INDEX consultations_consultation_date ON consultations (consultation_date);
CREATE INDEX consultations_customer_email ON consultations (customer_email);
CREATE INDEX consultations_google_calendar_event_id ON consultations (google_calendar_event_id);

-- The backstop behind the SlotLock Durable Object: two scheduled consultations
-- can never start at the same instant, even if the lock were bypassed.
CREATE UNIQUE INDEX consultations_one_active_per_start
  ON consultations (consultation_date) WHERE status = 'scheduled';

-- Append-only history of status changes (the first row is the booking itself).
CREATE TABLE consultation_status_history (
  id TEXT PRIMARY KEY NOT NULL,
  consultation_id TEXT NOT NULL REFERENCES consultations (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('client', 'studio', 'system')),
  actor_detail TEXT,
  reason TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX consultation_status_history_consultation
  ON consultation_status_history (consultation_id, created_at);

-- Idempotency-Key handling for POST /api/consultations and the booking form.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  response_status INTEGER,
  response_body TEXT,
  created_at INTEGER NOT NULL
);
