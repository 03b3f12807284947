import { DurableObject } from "cloudflare:workers";
import { countRequest, type RateDecision, type RateRule, type RateWindow } from "../app/domain/rate-limit";

// Per-client request counters. One instance per client (named by the keyed
// hash of its IP, never the address itself: app/server/rate-limit), one row
// per bucket ("booking", "slots", ...). Each hit is read-decide-write on this
// object's own SQLite storage with no await in between, so concurrent requests
// from one client are counted exactly. An alarm clears the storage once every
// window is over, so idle clients leave nothing behind.

export class RateLimiter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** When the alarm is set for (null: none), once known; undefined until read. */
  private alarmAt: number | null | undefined;

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

  async hit(bucket: string, rule: RateRule, now: number): Promise<RateDecision> {
    const [row] = this.sql
      .exec<{ window_start: number; count: number }>(`SELECT window_start, count FROM windows WHERE bucket = ?`, bucket)
      .toArray();
    const stored: RateWindow | null = row ? { windowStart: row.window_start, count: row.count } : null;
    const { window, decision } = countRequest(stored, rule, now);
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
