-- The booking on the studio's own website (issue 8): webhooks for the studio's
-- other tools, where bookings come from, and how often the embedded button is
-- seen and opened. See docs/decisions/0036-webhooks.md and 0038-booking-sources.md.
-- Instants are UTC epoch milliseconds.

-- Endpoints the studio registered in /admin/webhooks. `events` is a JSON array
-- of event types (app/domain/webhook-events.ts). The secret signs every
-- delivery (HMAC-SHA256) so it is kept as is; the admin sees it only once.
-- Removing an endpoint sets disabled_at: its deliveries stay in the history.
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY NOT NULL,
  url TEXT NOT NULL CHECK (length(url) <= 2000),
  description TEXT CHECK (description IS NULL OR length(description) <= 200),
  events TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(events)),
  secret TEXT NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER
);
CREATE INDEX webhook_endpoints_active ON webhook_endpoints (disabled_at, created_at);

-- A delivery is an outbox job of kind 'webhook.deliver' (its payload holds the
-- event id, the endpoint and the exact body); every try is one row here, with
-- the receiver's answer, for the admin's list of recent deliveries.
CREATE TABLE webhook_attempts (
  id TEXT PRIMARY KEY NOT NULL,
  job_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  status_code INTEGER,
  response_excerpt TEXT,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_job ON webhook_attempts (job_id, created_at);
CREATE INDEX outbox_jobs_kind_created ON outbox_jobs (kind, created_at);

-- Where a booking came from: the embedding page's path (no query string), and
-- the utm_source / utm_medium / utm_campaign of the link that led to /book.
-- NULL for bookings made straight on /book without any of them.
ALTER TABLE consultations ADD COLUMN source_page TEXT CHECK (source_page IS NULL OR length(source_page) <= 300);
ALTER TABLE consultations ADD COLUMN utm_source TEXT CHECK (utm_source IS NULL OR length(utm_source) <= 100);
ALTER TABLE consultations ADD COLUMN utm_medium TEXT CHECK (utm_medium IS NULL OR length(utm_medium) <= 100);
ALTER TABLE consultations ADD COLUMN utm_campaign TEXT CHECK (utm_campaign IS NULL OR length(utm_campaign) <= 100);
CREATE INDEX consultations_source_page ON consultations (source_page, created_at);

-- The client's locale when they booked (Accept-Language, or the one they
-- chose): dates, times and prices in their emails follow it. NULL: the default.
ALTER TABLE consultations ADD COLUMN locale TEXT CHECK (locale IS NULL OR length(locale) <= 35);

-- Views of a page that shows the booking button, and opens of the booking
-- dialog, counted per page per studio day. No cookies, no IP addresses: only
-- these counters are stored.
CREATE TABLE embed_daily_counts (
  day TEXT NOT NULL,
  page TEXT NOT NULL CHECK (length(page) <= 300),
  views INTEGER NOT NULL DEFAULT 0,
  opens INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, page)
);
