import { createRequestHandler, type ServerBuild } from "@remix-run/cloudflare";
// The Remix server build (npm run build:remix); wrangler bundles it into the Worker.
import * as build from "../build/server/index.js";
import type * as WorkerApi from "../app/server/worker-api.server";
import type { OutboxRelayMessage } from "../app/server/outbox/relay.server";
import { benchFloor } from "./bench-floors";
import { answerDirectly, directHandlerFor } from "./direct-routes";

export { RateLimiter } from "./rate-limiter";
export { SlotLock } from "./slot-lock";

const serverBuild = build as unknown as ServerBuild;
const handleRemixRequest = createRequestHandler(serverBuild);
// The app's server code, from the same build (app/server/worker-api.server.ts):
// importing it here directly would bundle a second copy of it.
const { ConfigError, getConfig, crossSiteRefusal, createLogger, applySecurityHeaders, createServerTiming, timedD1, requestEnded, requestStarted, runScheduled, runOutboxBatch } = (
  serverBuild.entry.module as unknown as { workerApi: typeof WorkerApi }
).workerApi;

// Integration-test coverage: only a bundle instrumented by
// scripts/coverage/instrument-bundle.mjs (never deployed) has these counters.
function coverageCounters(url: URL): Response | undefined {
  const counters = (globalThis as { __coverage__?: unknown }).__coverage__;
  if (url.pathname !== "/__coverage__" || !counters) return undefined;
  return Response.json(counters);
}

// The bindings the app reads through, with each D1 round trip timed
// (SlotLock calls are timed in app/server/slot-lock.server.ts). Everything
// else is the real env, through the prototype.
function withTimedBindings(env: Env, timing: ReturnType<typeof createServerTiming>): Env {
  return Object.create(env, {
    DB: { value: timedD1(env.DB, timing), enumerable: true },
  }) as Env;
}

function requestIdFor(request: Request): string {
  return request.headers.get("cf-ray") ?? crypto.randomUUID();
}

export default {
  async fetch(request, env, ctx) {
    requestStarted();
    try {
      return await handleFetch(request, env, ctx);
    } finally {
      requestEnded();
    }
  },

  async scheduled(controller, env, ctx) {
    await runScheduled(controller, env, ctx);
  },

  // The outbox relay's consumer (wrangler.toml [[queues.consumers]]).
  async queue(batch, env) {
    await runOutboxBatch(batch as MessageBatch<OutboxRelayMessage>, env);
  },
} satisfies ExportedHandler<Env, OutboxRelayMessage>;

async function handleFetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const started = Date.now();
  const timing = createServerTiming();
  const requestId = requestIdFor(request);
  const log = createLogger(requestId);
  const url = new URL(request.url);
  const coverage = coverageCounters(url);
  if (coverage) return coverage;
  let response: Response;
  // Headers a route asks for on the final response (see context.server.ts).
  const responseHeaders = new Headers();
  try {
    const config = getConfig(env);
    const floor = config.appEnv === "test" && url.pathname.startsWith("/__bench/") ? await benchFloor(url.pathname, env) : undefined;
    if (floor) return floor;
    const loadContext = {
      cloudflare: { env: withTimedBindings(env, timing), ctx },
      config,
      log,
      requestId,
      responseHeaders,
      timing,
    };
    const directHandler = directHandlerFor(serverBuild, request, url.pathname);
    response =
      crossSiteRefusal(request, config.publicBaseUrl) ??
      (directHandler ? await answerDirectly(serverBuild, directHandler, request, loadContext) : await handleRemixRequest(request, loadContext));
  } catch (error) {
    // Only a broken deploy gets here (Remix renders every route error itself).
    log.error("request.failed", {
      error,
      problems: error instanceof ConfigError ? error.problems.join("; ") : undefined,
    });
    response = new Response("The booking service is misconfigured or unavailable. Please try again later.", {
      status: 503,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "retry-after": "60",
      },
    });
  }
  log.info("request", {
    method: request.method,
    path: url.pathname,
    status: response.status,
    durationMs: Date.now() - started,
    ...timing.fields(),
  });
  // Our own responses are mutable and get their headers in place; one from
  // fetch() (none today) is immutable and is copied.
  let headers: Headers;
  try {
    headers = response.headers;
    headers.set("x-request-id", requestId);
  } catch {
    response = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    headers = response.headers;
    headers.set("x-request-id", requestId);
  }
  for (const [name, value] of responseHeaders) headers.set(name, value);
  applySecurityHeaders(headers, (env as { APP_ENV?: string }).APP_ENV);
  headers.set("server-timing", timing.header());
  return response;
}
