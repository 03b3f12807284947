import type { AppLoadContext } from "@remix-run/cloudflare";
import { afterAsking, retryAfterSeconds, stepLocally, type LocalTally, type RateDecision } from "~/domain/rate-limit";
import type { RateLimiter } from "../../../workers/rate-limiter";
import type { RateBucket } from "../protection-config.server";
import { clientKey } from "./client-key.server";

// Per-client rate limits (RATE_LIMIT_* vars). Each client (keyed IP hash) has
// its own RateLimiter Durable Object, which counts every bucket for it. An
// isolate lets a client through a few times on its own share before it asks
// the object (stepLocally in app/domain/rate-limit; docs/decisions/0054). A
// limiter that can't be reached lets the request through (and logs it): a
// broken limiter must not take bookings down with it.

// This isolate's tallies, by bucket and client key; bounded, forgotten whole when full.
const MAX_TALLIES = 10_000;
let tallies = new Map<string, LocalTally>();

export type RateLimitResult = { limited: false } | { limited: true; retryAfterSeconds: number; message: string };

export function rateLimitedMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 60 ? `${seconds} ${seconds === 1 ? "second" : "seconds"}` : `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
  return `You've sent a lot of requests in a short time. Please wait ${wait} and try again.`;
}

export async function checkRateLimit(context: AppLoadContext, request: Request, bucket: RateBucket): Promise<RateLimitResult> {
  const { config, log } = context;
  const rule = config.protection.rateLimits[bucket];
  if (!rule) return { limited: false };
  const namespace = context.cloudflare.env.RATE_LIMITER as unknown as DurableObjectNamespace<RateLimiter> | undefined;
  let decision: RateDecision;
  try {
    if (!namespace) throw new Error("the RATE_LIMITER binding is missing");
    const key = await clientKey(request, config.integrations.links.secret);
    const tallyKey = `${bucket}:${key}`;
    const now = Date.now();
    const step = stepLocally(tallies.get(tallyKey), rule, now);
    if (tallies.size >= MAX_TALLIES) tallies = new Map();
    tallies.set(tallyKey, step.tally);
    if (step.kind === "allow") return { limited: false };
    if (step.kind === "refuse") {
      decision = { allowed: false, retryAfterMs: step.retryAfterMs };
    } else {
      decision = await namespace.get(namespace.idFromName(key)).hit(bucket, rule, now, step.alreadyServed);
      const latest = tallies.get(tallyKey);
      if (latest) tallies.set(tallyKey, afterAsking(latest, decision, Date.now()));
    }
  } catch (error) {
    log.warn("rate_limit.unavailable", { bucket, error });
    return { limited: false };
  }
  if (decision.allowed) return { limited: false };
  const seconds = retryAfterSeconds(decision.retryAfterMs);
  log.warn("rate_limit.refused", { bucket, retryAfterSeconds: seconds });
  // workers/app.ts copies these onto the final response, also for documents
  // (Remix keeps only a route's own `headers` export on those).
  context.responseHeaders.set("Retry-After", String(seconds));
  return { limited: true, retryAfterSeconds: seconds, message: rateLimitedMessage(seconds) };
}

/** The JSON answer for an API client over its limit. */
export function tooManyRequests(result: { retryAfterSeconds: number; message: string }): Response {
  return new Response(JSON.stringify({ error: result.message, retryAfterSeconds: result.retryAfterSeconds }), {
    status: 429,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "retry-after": String(result.retryAfterSeconds),
      "cache-control": "no-store",
    },
  });
}
