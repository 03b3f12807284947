import { DurableObject } from "cloudflare:workers";
import { countRequest, type RateDecision, type RateRule, type RateWindow } from "../app/domain/rate-limit";

// Per-client request counters. One instance per client (named by the keyed
// hash of its IP, never the address itself: app/server/rate-limit), one window
// per bucket ("booking", "slots", ...). Each hit is read-decide-write with no
// await in between, so concurrent requests from one client are counted
// exactly. This object is the only writer of its windows, so it keeps them in
// memory and reads its storage once per bucket after it starts.
//
// Windows longer than a minute (booking 10/1h, the private link's 30/10m, the
// embed's 60/10m) are also written to this object's SQLite storage, so they
// survive the object being evicted or restarted, and an alarm clears the
// storage once every window is over. Windows of a minute or less (GET
// /api/slots, 120/1m; the webhook's 600/1m) are counted in memory only: an
// object is evicted only after more than a minute without requests (70 s or
// more on Cloudflare), by which time such a window is over anyway, and a write
// per slot read cost more CPU than the read's own work (docs/decisions/0054).
// A deploy restarts objects and so forgets those short windows: a client gets
// at most one extra window's worth then.

/** The longest window counted in memory only. */
export const MEMORY_ONLY_WINDOW_MS = 60_000;

export class RateLimiter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** When the alarm is set for (null: none), once known; undefined until read. */
  private alarmAt: number | null | undefined;
  /** Each bucket's window as last counted (null: none); a bucket not here has not been read yet. */
  private readonly windows = new Map<string, RateWindow | null>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS windows (
      bucket TEXT PRIMARY KEY,
      window_start INTEGER NOT NULL,
      count INTEGER NOT NULL,
      window_ms INTEGER NOT NULL
    )`);
  }

  /** One request, after `alreadyServed` that an isolate let through on its own share (app/domain/rate-limit: stepLocally). */
  async hit(bucket: string, rule: RateRule, now: number, alreadyServed = 0): Promise<RateDecision> {
    const { window, decision } = countRequest(this.windowOf(bucket), rule, now, alreadyServed);
    this.windows.set(bucket, window);
    if (rule.windowMs <= MEMORY_ONLY_WINDOW_MS) return decision;
    this.sql.exec(
      `INSERT INTO windows (bucket, window_start, count, window_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (bucket) DO UPDATE SET window_start = excluded.window_start, count = excluded.count, window_ms = excluded.window_ms`,
      bucket,
      window.windowStart,
      window.count,
      rule.windowMs,
    );
    const endsAt = window.windowStart + rule.windowMs;
    // The alarm's time is remembered in memory (read once after the object
    // starts), so a hit within the same window makes no storage call for it.
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt === null || this.alarmAt < endsAt) {
      this.alarmAt = endsAt;
      await this.ctx.storage.setAlarm(endsAt);
    }
    return decision;
  }

  private windowOf(bucket: string): RateWindow | null {
    const known = this.windows.get(bucket);
    if (known !== undefined) return known;
    const [row] = this.sql
      .exec<{ window_start: number; count: number }>(`SELECT window_start, count FROM windows WHERE bucket = ?`, bucket)
      .toArray();
    return row ? { windowStart: row.window_start, count: row.count } : null;
  }

  async alarm(): Promise<void> {
    const now = Date.now();
    this.sql.exec(`DELETE FROM windows WHERE window_start + window_ms <= ?`, now);
    const [next] = this.sql.exec<{ ends: number | null }>(`SELECT MAX(window_start + window_ms) AS ends FROM windows`).toArray();
    this.alarmAt = next?.ends ?? null;
    if (next?.ends) await this.ctx.storage.setAlarm(next.ends);
  }

  // /healthz: the object answers.
  ping(): string {
    return "ok";
  }
}
