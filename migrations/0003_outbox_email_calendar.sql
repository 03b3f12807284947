-- Outbox, email history and calendar sync (issue 3). See docs/decisions/0006-outbox.md,
-- 0007-calendar-sync.md and 0008-email.md. Instants are UTC epoch milliseconds.

-- What the studio calendar holds for a consultation, as we last wrote it:
-- calendar_sequence is the ICS SEQUENCE (raised on every reschedule and cancel);
-- calendar_event_starts_at/ends_at are the event's times (NULL: no event there,
-- or its times are unknown); calendar_checked = 0 marks a booking made while the
-- studio calendar could not be read ("not checked against the calendar").
ALTER TABLE consultations ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consultations ADD COLUMN calendar_checked INTEGER NOT NULL DEFAULT 1 CHECK (calendar_checked IN (0, 1));
ALTER TABLE consultations ADD COLUMN calendar_event_starts_at INTEGER;
ALTER TABLE consultations ADD COLUMN calendar_event_ends_at INTEGER;
CREATE INDEX consultations_calendar_unchecked ON consultations (calendar_checked) WHERE calendar_checked = 0;

-- The outbox: every call to Google or the email provider is a job, written in
-- the same D1 batch as the change that implies it, and run by ctx.waitUntil or
-- the every-minute cron. A runner claims jobs with a lease (one UPDATE ...
-- RETURNING), so overlapping runs never run the same job.
CREATE TABLE outbox_jobs (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN (
    'calendar.create', 'calendar.patch', 'calendar.delete',
    'email.confirmation', 'email.reschedule', 'email.cancellation', 'email.reminder', 'email.follow_up'
  )),
  consultation_id TEXT NOT NULL REFERENCES consultations (id),
  payload TEXT NOT NULL DEFAULT '{}',
  run_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'dead', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 10,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (status, run_at);
CREATE INDEX outbox_jobs_consultation ON outbox_jobs (consultation_id, kind, status);

-- Every email we sent, skipped or handed to a provider (one per job). The local
-- provider (no SendGrid/Resend configured) keeps the content for /dev/mailbox.
CREATE TABLE email_messages (
  id TEXT PRIMARY KEY NOT NULL,
  job_id TEXT UNIQUE,
  consultation_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'reschedule', 'cancellation', 'reminder', 'follow_up')),
  recipient TEXT NOT NULL,
  provider TEXT NOT NULL CHECK (provider IN ('sendgrid', 'resend', 'local', 'none')),
  provider_message_id TEXT,
  status TEXT NOT NULL,
  subject TEXT,
  html TEXT,
  text TEXT,
  ics TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX email_messages_consultation ON email_messages (consultation_id, created_at);
CREATE INDEX email_messages_provider_message_id ON email_messages (provider_message_id);
CREATE INDEX email_messages_provider_created ON email_messages (provider, created_at);

-- SendGrid Event Webhook events, deduplicated on sg_event_id.
CREATE TABLE email_events (
  sg_event_id TEXT PRIMARY KEY NOT NULL,
  message_id TEXT,
  event TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  raw TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX email_events_message ON email_events (message_id, occurred_at);

-- Addresses we must not mail: 'unsubscribe' stops reminders and follow-ups;
-- 'bounce' and 'spamreport' stop all mail. Emails are stored lowercased.
CREATE TABLE email_suppressions (
  email TEXT PRIMARY KEY NOT NULL CHECK (email = lower(email)),
  reason TEXT NOT NULL CHECK (reason IN ('unsubscribe', 'bounce', 'spamreport')),
  created_at INTEGER NOT NULL
);

-- The local calendar that stands in for Google when it is not configured.
-- consultation_id is NULL for busy blocks added by hand on /dev/calendar.
CREATE TABLE local_calendar_events (
  id TEXT PRIMARY KEY NOT NULL,
  consultation_id TEXT,
  summary TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
  sequence INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX local_calendar_events_time ON local_calendar_events (ends_at, starts_at);

-- The studio calendar's busy list, shared by every isolate for about 60 s and
-- used (up to CALENDAR_BUSY_MAX_STALE_MINUTES old) while Google cannot be read.
CREATE TABLE calendar_busy_cache (
  id TEXT PRIMARY KEY NOT NULL,
  window_from INTEGER,
  window_to INTEGER,
  busy TEXT,
  fetched_at INTEGER,
  last_attempt_at INTEGER NOT NULL,
  last_error TEXT
);

-- One row: how the studio calendar sync is doing, for the admin dashboard.
CREATE TABLE calendar_sync_state (
  id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  calendar TEXT NOT NULL,
  last_token_ok_at INTEGER,
  last_api_ok_at INTEGER,
  last_api_error TEXT,
  last_api_error_at INTEGER,
  last_reconciled_at INTEGER,
  out_of_sync_count INTEGER NOT NULL DEFAULT 0,
  out_of_sync_ids TEXT NOT NULL DEFAULT '[]',
  updated_at INTEGER NOT NULL
);
