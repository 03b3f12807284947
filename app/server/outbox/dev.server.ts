import { desc, inArray } from "drizzle-orm";
import type { AppConfig } from "../env.server";
import type { Db } from "../db/client.server";
import { outboxJobs } from "../db/schema.server";

// Helpers for the development-only pages (/dev/mailbox, /dev/calendar).

/** The dev pages exist only under APP_ENV development or test: 404 everywhere else. */
export function assertDevTools(config: AppConfig): void {
  if (config.appEnv !== "development" && config.appEnv !== "test") {
    throw new Response("Not found", { status: 404 });
  }
}

/** Recent jobs that are not done, for a glance at what the outbox is waiting on. */
export async function openJobs(db: Db, limit = 50) {
  return db
    .select()
    .from(outboxJobs)
    .where(inArray(outboxJobs.status, ["pending", "running", "dead"]))
    .orderBy(desc(outboxJobs.updatedAt))
    .limit(limit);
}
