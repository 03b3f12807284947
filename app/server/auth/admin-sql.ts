// SQL for scripts/admin-create.ts, run through `wrangler d1 execute`. Creates
// the admin, or resets the name and password of an existing (lowercased) email;
// a reset ends every session of that admin (admin_sessions, docs/decisions/0005).
// Dependency-free so the Node scripts can import it.

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function upsertAdminSql(admin: { id: string; email: string; name: string; passwordHash: string; now: number }): string {
  return (
    "INSERT INTO admins (id, email, name, password_hash, created_at) " +
    `VALUES (${quote(admin.id)}, ${quote(admin.email.trim().toLowerCase())}, ${quote(admin.name)}, ${quote(admin.passwordHash)}, ${Math.trunc(admin.now)}) ` +
    "ON CONFLICT(email) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash; " +
    `UPDATE admin_sessions SET revoked_at = ${Math.trunc(admin.now)}, revoked_reason = 'password_reset' ` +
    `WHERE revoked_at IS NULL AND admin_id = (SELECT id FROM admins WHERE email = ${quote(admin.email.trim().toLowerCase())});`
  );
}
