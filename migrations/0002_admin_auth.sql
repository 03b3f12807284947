-- Admin sign-in: accounts, per-IP/per-email sign-in rate limiting, API tokens.
-- See docs/decisions/0005-admin-sessions.md. Instants are UTC epoch milliseconds.

-- Studio admins. Emails are stored lowercased so the unique index is case-blind.
-- password_hash: pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>.
CREATE TABLE admins (
  id TEXT PRIMARY KEY NOT NULL,
  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER
);

-- Fixed-window counters of failed sign-ins; key is 'ip:<address>' or 'email:<address>'.
CREATE TABLE sign_in_attempts (
  key TEXT PRIMARY KEY NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_window_start ON sign_in_attempts (window_start);

-- Bearer API tokens. Only the SHA-256 (hex) of a token is stored, plus a short
-- prefix so the admin UI can tell tokens apart after the one-time display.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY NOT NULL,
  admin_id TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_prefix TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_admin ON api_tokens (admin_id);
