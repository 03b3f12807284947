// What the Worker's own handlers (workers/app.ts: fetch around Remix, cron,
// queue) take from the app. app/entry.server.tsx exports it as `workerApi`, so
// it reaches the Worker through the Remix server build: the bundle then holds
// one copy of the app's server code and its libraries (drizzle, zod, jose,
// date-fns) instead of two, and per-isolate caches exist once (decision 0054).
export { ConfigError, getConfig } from "./env.server";
export { crossSiteRefusal } from "./cross-site.server";
export { createLogger } from "./log.server";
export { applySecurityHeaders } from "./security-headers.server";
export { createServerTiming, timedD1 } from "./server-timing.server";
export { requestEnded, requestStarted } from "./in-flight.server";
export { runScheduled } from "./cron.server";
export { runOutboxBatch } from "./outbox/consumer.server";
