import { sql } from "drizzle-orm";
import { pagePath } from "~/domain/booking-source";
import { zonedDate } from "~/domain/time-zones";
import type { Db } from "./db/client.server";
import { embedDailyCounts } from "./db/schema.server";
import type { AppConfig } from "./env.server";
import type { RateLimitResult } from "./rate-limit/limits.server";

// The embed's beacons: a view of a page that shows the booking button, and an
// open of the booking dialog. Each is one counter per page per studio day in
// D1: no cookie is read or set and no address is stored. Only the studio's
// own sites (EMBED_ALLOWED_ORIGINS, and this site) are counted.

export type EmbedCount = "views" | "opens";

export function isAllowedEmbedOrigin(config: AppConfig, request: Request, origin: string | null): boolean {
  if (!origin) return false;
  const own = [new URL(request.url).origin, config.publicBaseUrl ? new URL(config.publicBaseUrl).origin : null];
  return config.embed.allowedOrigins.includes(origin) || own.includes(origin);
}

export async function countEmbedEvent(db: Db, config: AppConfig, kind: EmbedCount, page: string, now: number): Promise<void> {
  const day = zonedDate(now, config.bookingRules.studioTimeZone);
  await db
    .insert(embedDailyCounts)
    .values({ day, page, views: kind === "views" ? 1 : 0, opens: kind === "opens" ? 1 : 0 })
    .onConflictDoUpdate({
      target: [embedDailyCounts.day, embedDailyCounts.page],
      set: kind === "views" ? { views: sql`${embedDailyCounts.views} + 1` } : { opens: sql`${embedDailyCounts.opens} + 1` },
    });
}

/**
 * POST /embed/view and /embed/open (navigator.sendBeacon: a form-encoded
 * `page=<path>`). 204 when counted, 400 without a page, 403 from a site that
 * may not embed the booking, 429 (not counted) when one client sends more
 * than RATE_LIMIT_EMBED allows.
 */
export async function handleBeacon(
  request: Request,
  deps: { db: Db; config: AppConfig; now: () => number },
  kind: EmbedCount,
  rateLimit: () => Promise<RateLimitResult>,
): Promise<Response> {
  const origin = request.headers.get("origin");
  const cors: Record<string, string> = origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
  if (request.method !== "POST") return new Response("Use POST", { status: 405, headers: { allow: "POST" } });
  if (!isAllowedEmbedOrigin(deps.config, request, origin)) return new Response(null, { status: 403 });
  const limit = await rateLimit();
  if (limit.limited) return new Response(null, { status: 429, headers: { ...cors, "retry-after": String(limit.retryAfterSeconds) } });
  const body = (await request.text()).slice(0, 2000);
  const page = pagePath(new URLSearchParams(body).get("page"));
  if (!page) return new Response(null, { status: 400, headers: cors });
  await countEmbedEvent(deps.db, deps.config, kind, page, deps.now());
  return new Response(null, { status: 204, headers: { ...cors, "cache-control": "no-store" } });
}
