-- After the consultation (issue 7): feedback, the service catalogue, service
-- requests, quotes and projects. Money is integer minor units of the one
-- configured currency; rates are basis points (docs/decisions/0014-money-model.md).
-- Instants are UTC epoch milliseconds; calendar dates are the studio's 'YYYY-MM-DD'.

-- The outbox and the email log now carry more kinds than the consultation's
-- own emails (service requests, quotes, milestones). Their kinds are the app's
-- enums (app/server/db/schema.server.ts); the tables no longer CHECK them, so a
-- new kind of job does not need another table rebuild. Rebuilt the SQLite way:
-- new table, copy, drop, rename.
CREATE TABLE outbox_jobs_new (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
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
INSERT INTO outbox_jobs_new SELECT * FROM outbox_jobs;
DROP TABLE outbox_jobs;
ALTER TABLE outbox_jobs_new RENAME TO outbox_jobs;
CREATE INDEX outbox_jobs_due ON outbox_jobs (status, run_at);
CREATE INDEX outbox_jobs_consultation ON outbox_jobs (consultation_id, kind, status);

CREATE TABLE email_messages_new (
  id TEXT PRIMARY KEY NOT NULL,
  job_id TEXT UNIQUE,
  consultation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
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
INSERT INTO email_messages_new SELECT * FROM email_messages;
DROP TABLE email_messages;
ALTER TABLE email_messages_new RENAME TO email_messages;
CREATE INDEX email_messages_consultation ON email_messages (consultation_id, created_at);
CREATE INDEX email_messages_provider_message_id ON email_messages (provider_message_id);
CREATE INDEX email_messages_provider_created ON email_messages (provider, created_at);

-- Feedback: one per consultation; sending it again edits it.
CREATE TABLE consultation_feedback (
  consultation_id TEXT PRIMARY KEY NOT NULL REFERENCES consultations (id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT CHECK (comment IS NULL OR length(comment) <= 1000),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX consultation_feedback_rating ON consultation_feedback (rating);
CREATE INDEX consultation_feedback_created ON consultation_feedback (created_at);

-- The service catalogue. A package costs base + per_track x tracks and takes
-- turnaround_days working days. An add-on is flat (base_minor), per track
-- (per_track_minor x tracks) or a percentage (percent_bp of the package);
-- turnaround_days_saved shortens the delivery (rush). Retiring sets active = 0:
-- rows are never deleted, so old requests and quotes keep their items.
CREATE TABLE catalogue_items (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('package', 'addon')),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  pricing TEXT NOT NULL CHECK (pricing IN ('package', 'flat', 'per_track', 'percent')),
  base_minor INTEGER NOT NULL DEFAULT 0 CHECK (base_minor BETWEEN 0 AND 100000000),
  per_track_minor INTEGER NOT NULL DEFAULT 0 CHECK (per_track_minor BETWEEN 0 AND 100000000),
  percent_bp INTEGER NOT NULL DEFAULT 0 CHECK (percent_bp BETWEEN 0 AND 10000),
  turnaround_days INTEGER NOT NULL DEFAULT 0 CHECK (turnaround_days BETWEEN 0 AND 365),
  turnaround_days_saved INTEGER NOT NULL DEFAULT 0 CHECK (turnaround_days_saved BETWEEN 0 AND 365),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((kind = 'package') = (pricing = 'package'))
);
CREATE INDEX catalogue_items_kind ON catalogue_items (kind, active, sort_order);

-- A client's request for paid work, sent from their private link after the
-- consultation. Prices are computed by the server from the catalogue at the
-- moment it is sent and kept as a snapshot (estimate_json); the client never
-- sets one. submission_key makes a double submit store one request.
CREATE TABLE service_requests (
  id TEXT PRIMARY KEY NOT NULL,
  consultation_id TEXT NOT NULL REFERENCES consultations (id),
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'quoted', 'accepted', 'declined', 'withdrawn')),
  package_id TEXT NOT NULL REFERENCES catalogue_items (id),
  addon_ids TEXT NOT NULL DEFAULT '[]',
  track_count INTEGER NOT NULL CHECK (track_count BETWEEN 1 AND 200),
  file_links TEXT NOT NULL DEFAULT '[]',
  wished_deadline TEXT,
  notes TEXT,
  estimate_total_minor INTEGER NOT NULL CHECK (estimate_total_minor >= 0),
  estimate_json TEXT NOT NULL,
  currency TEXT NOT NULL,
  submission_key TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX service_requests_consultation ON service_requests (consultation_id, created_at);
CREATE INDEX service_requests_created ON service_requests (created_at);

-- Quote numbers: one counter per year, raised in the same batch that sends a
-- quote, so numbers are unique and without gaps (drafts have no number).
CREATE TABLE quote_counters (
  year INTEGER PRIMARY KEY NOT NULL,
  last_number INTEGER NOT NULL
);

-- The studio's quote for a service request. A revision is a new quote whose
-- supersedes_id names the one it replaces (that one becomes 'superseded').
-- Acceptance and decline are decided by one guarded UPDATE (status = 'sent'),
-- so concurrent submissions have exactly one outcome
-- (docs/decisions/0017-quote-acceptance.md).
CREATE TABLE quotes (
  id TEXT PRIMARY KEY NOT NULL,
  service_request_id TEXT NOT NULL REFERENCES service_requests (id),
  consultation_id TEXT NOT NULL REFERENCES consultations (id),
  number TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'superseded', 'expired')),
  supersedes_id TEXT REFERENCES quotes (id),
  message TEXT,
  payment_terms TEXT,
  currency TEXT NOT NULL,
  tax_rate_bp INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
  turnaround_days INTEGER NOT NULL CHECK (turnaround_days BETWEEN 1 AND 365),
  valid_days INTEGER NOT NULL DEFAULT 14 CHECK (valid_days BETWEEN 1 AND 90),
  sent_at INTEGER,
  expires_at INTEGER,
  sent_by TEXT,
  -- The client's decision.
  accepted_name TEXT,
  accepted_at INTEGER,
  accepted_total_minor INTEGER,
  accepted_snapshot TEXT,
  chosen_optional TEXT,
  declined_at INTEGER,
  decline_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX quotes_request ON quotes (service_request_id, created_at);
CREATE INDEX quotes_consultation ON quotes (consultation_id);
CREATE INDEX quotes_status_sent ON quotes (status, sent_at);
-- At most one live (sent) quote per request: a revision supersedes the earlier one in the same batch.
CREATE UNIQUE INDEX quotes_one_sent_per_request ON quotes (service_request_id) WHERE status = 'sent';

CREATE TABLE quote_lines (
  id TEXT PRIMARY KEY NOT NULL,
  quote_id TEXT NOT NULL REFERENCES quotes (id),
  position INTEGER NOT NULL,
  catalogue_item_id TEXT REFERENCES catalogue_items (id),
  description TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  unit_minor INTEGER NOT NULL CHECK (unit_minor BETWEEN 0 AND 100000000),
  optional INTEGER NOT NULL DEFAULT 0 CHECK (optional IN (0, 1)),
  turnaround_days_saved INTEGER NOT NULL DEFAULT 0,
  UNIQUE (quote_id, position)
);

-- An accepted quote becomes a project (one per quote, enforced by UNIQUE).
-- due_date is the studio's calendar date, set when the files are received.
CREATE TABLE projects (
  id TEXT PRIMARY KEY NOT NULL,
  quote_id TEXT NOT NULL UNIQUE REFERENCES quotes (id),
  consultation_id TEXT NOT NULL REFERENCES consultations (id),
  status TEXT NOT NULL DEFAULT 'awaiting_files' CHECK (status IN ('awaiting_files', 'in_progress', 'delivered', 'cancelled')),
  turnaround_days INTEGER NOT NULL CHECK (turnaround_days BETWEEN 1 AND 365),
  files_received_at INTEGER,
  due_date TEXT,
  total_minor INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX projects_consultation ON projects (consultation_id);
CREATE INDEX projects_status ON projects (status, created_at);

CREATE TABLE project_milestones (
  project_id TEXT NOT NULL REFERENCES projects (id),
  kind TEXT NOT NULL CHECK (kind IN ('files_received', 'first_version', 'revisions', 'final_delivery')),
  position INTEGER NOT NULL,
  done_at INTEGER,
  done_by TEXT,
  note TEXT,
  PRIMARY KEY (project_id, kind)
);

-- Who moved which milestone, when, with the note to the client (append-only).
CREATE TABLE project_events (
  id TEXT PRIMARY KEY NOT NULL,
  project_id TEXT NOT NULL REFERENCES projects (id),
  milestone TEXT NOT NULL,
  actor_detail TEXT,
  note TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX project_events_project ON project_events (project_id, created_at);
