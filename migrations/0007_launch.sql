-- Launch readiness (issue 10): admin sessions that can be ended, and the
-- record of erased personal data. See docs/decisions/0005-admin-sessions.md,
-- 0022-erasure.md. Instants are UTC epoch milliseconds.

-- One row per signed-in browser. The session cookie carries a signed JWT
-- whose jti is this id; a session whose row is revoked, expired or gone is
-- refused, so signing out ends it on the server.
CREATE TABLE admin_sessions (
  id TEXT PRIMARY KEY NOT NULL,
  admin_id TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  -- The browser's User-Agent (at most 256 characters), to tell sessions apart.
  user_agent TEXT,
  revoked_at INTEGER,
  revoked_reason TEXT CHECK (revoked_reason IS NULL OR revoked_reason IN ('signed_out', 'ended_by_admin', 'signed_out_everywhere', 'password_reset'))
);
CREATE INDEX admin_sessions_admin ON admin_sessions (admin_id, expires_at);

-- Personal fields erased (by the client, the studio or the retention cron).
-- Name, email, phone, description, requirements and notes become '(erased)'
-- or NULL on the consultation; times, statuses and counts stay.
ALTER TABLE consultations ADD COLUMN erased_at INTEGER;

-- Who erased what and when. No personal data: ids, the actor and the reason.
CREATE TABLE data_erasures (
  id TEXT PRIMARY KEY NOT NULL,
  consultation_id TEXT NOT NULL REFERENCES consultations (id),
  actor TEXT NOT NULL CHECK (actor IN ('client', 'studio', 'system')),
  actor_detail TEXT,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX data_erasures_consultation ON data_erasures (consultation_id);

-- The retention sweep: ended consultations not yet erased, oldest first.
CREATE INDEX consultations_unerased_date ON consultations (consultation_date) WHERE erased_at IS NULL;

-- The per-address cap (MAX_UPCOMING_PER_EMAIL) and "all bookings of this
-- client" compare addresses without case.
CREATE INDEX consultations_customer_email_lower ON consultations (lower(customer_email), status, consultation_date);
