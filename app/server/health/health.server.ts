import type { RateLimiter } from "../../../workers/rate-limiter";
import type { SlotLock } from "../../../workers/slot-lock";

// GET /healthz for uptime checks and after a deploy: do D1 and the Durable
// Objects answer, which version is running, and how far behind the outbox is
// (the oldest due job's age: the cron runs every minute, so minutes of
// backlog mean it is not running or every job is failing). It never shows a
// secret, a var's value or anything about a client.

export type CheckResult = { ok: true; ms: number } | { ok: false; ms: number; error: string };
export type HealthReport = {
  status: "ok" | "unavailable";
  version: { id: string; tag: string | null; timestamp: string | null };
  checks: { d1: CheckResult; slotLock: CheckResult; rateLimiter: CheckResult };
  outbox: { due: number; oldestDueAgeSeconds: number | null } | null;
  at: string;
};

const TIMEOUT_MS = 3_000;

async function timed<T>(work: () => Promise<T>): Promise<{ result: CheckResult; value?: T }> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    const value = await Promise.race([work(), timeout]);
    return { result: { ok: true, ms: Date.now() - started }, value };
  } catch (error) {
    // The error's class only: a message could quote SQL or a binding's detail.
    const kind = error instanceof Error && error.message.startsWith("no answer within") ? "timeout" : error instanceof Error ? error.name : "error";
    return { result: { ok: false, ms: Date.now() - started, error: kind } };
  } finally {
    clearTimeout(timer);
  }
}

export async function healthReport(env: Env, now: number): Promise<HealthReport> {
  const [d1, slotLock, rateLimiter] = await Promise.all([
    timed(async () => {
      const row = await env.DB.prepare(
        `SELECT COUNT(*) AS due, MIN(run_at) AS oldest FROM outbox_jobs WHERE status = 'pending' AND run_at <= ?`,
      )
        .bind(now)
        .first<{ due: number; oldest: number | null }>();
      return row ?? { due: 0, oldest: null };
    }),
    timed(async () => {
      const ns = env.SLOT_LOCK as unknown as DurableObjectNamespace<SlotLock>;
      return ns.get(ns.idFromName("studio")).ping();
    }),
    timed(async () => {
      const ns = env.RATE_LIMITER as unknown as DurableObjectNamespace<RateLimiter> | undefined;
      if (!ns) throw new Error("missing");
      return ns.get(ns.idFromName("healthz")).ping();
    }),
  ]);
  const meta = (env as { CF_VERSION_METADATA?: { id?: string; tag?: string; timestamp?: string } }).CF_VERSION_METADATA;
  const ok = d1.result.ok && slotLock.result.ok && rateLimiter.result.ok;
  return {
    status: ok ? "ok" : "unavailable",
    version: { id: meta?.id || "unknown", tag: meta?.tag || null, timestamp: meta?.timestamp || null },
    checks: { d1: d1.result, slotLock: slotLock.result, rateLimiter: rateLimiter.result },
    outbox: d1.value
      ? { due: d1.value.due, oldestDueAgeSeconds: d1.value.oldest === null ? null : Math.max(0, Math.round((now - d1.value.oldest) / 1000)) }
      : null,
    at: new Date(now).toISOString(),
  };
}
