import { DurableObject } from "cloudflare:workers";

// The one place where two claims for the same time meet. Every claim is decided
// with synchronous SQLite calls on this object's own storage, with no await
// between the check and the write, so no other request can interleave: the
// input gate does not protect awaits on D1 or fetch, only our own storage.

export type ClaimRequest = {
  consultationId: string;
  startsAt: number; // epoch ms
  endsAt: number;
  // Active bookings D1 knows about near this slot. A second net for holds this
  // object no longer has (for instance a booking made before it existed).
  knownBookings: { consultationId: string; startsAt: number; endsAt: number }[];
  now: number;
};

export type ClaimResult = { ok: true } | { ok: false; conflictStartsAt: number };

// A hold covers a claim while its request is in flight, from the claim to the
// D1 write (milliseconds; a minute at worst). D1 is the record of what is
// booked: every claim's request checks D1's bookings before it writes, and the
// unique index on a scheduled start backs that, so a hold is never confirmed
// or kept past this (docs/decisions/0068). A request that died between claim
// and write blocks nothing for longer.
const HOLD_MS = 60_000;

export class SlotLock extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS holds (
      consultation_id TEXT PRIMARY KEY,
      starts_at INTEGER NOT NULL,
      ends_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    )`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS holds_by_time ON holds (starts_at, ends_at)`);
  }

  claim(request: ClaimRequest): ClaimResult {
    const { consultationId, startsAt, endsAt, now } = request;
    this.sql.exec(`DELETE FROM holds WHERE expires_at <= ?`, now);

    // Half-open intervals: [a, b) and [c, d) overlap iff a < d and b > c.
    const held = this.sql
      .exec<{ starts_at: number }>(
        `SELECT starts_at FROM holds WHERE consultation_id != ? AND starts_at < ? AND ends_at > ? LIMIT 1`,
        consultationId,
        endsAt,
        startsAt,
      )
      .toArray();
    if (held.length > 0) return { ok: false, conflictStartsAt: held[0].starts_at };

    const booked = request.knownBookings.find(
      (b) => b.consultationId !== consultationId && b.startsAt < endsAt && b.endsAt > startsAt,
    );
    if (booked) return { ok: false, conflictStartsAt: booked.startsAt };

    this.sql.exec(
      `INSERT INTO holds (consultation_id, starts_at, ends_at, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (consultation_id) DO UPDATE SET starts_at = excluded.starts_at,
         ends_at = excluded.ends_at, expires_at = excluded.expires_at`,
      consultationId,
      startsAt,
      endsAt,
      now + HOLD_MS,
    );
    return { ok: true };
  }

  /** Does nothing: the bench's floor for one call to this object. */
  noop(): number {
    return 1;
  }

  release(consultationId: string): void {
    this.sql.exec(`DELETE FROM holds WHERE consultation_id = ?`, consultationId);
  }

  // GET /healthz: the object answers and its storage can be read.
  ping(): string {
    this.sql.exec(`SELECT 1`).toArray();
    return "ok";
  }
}
