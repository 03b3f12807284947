import { reconcileCalendar } from "./calendar-sync/reconciler.server";
import { backgroundD1 } from "./db/background-d1.server";
import { getDb } from "./db/client.server";
import { ConfigError, getConfig } from "./env.server";
import { createLogger } from "./log.server";
import type { OutboxDeps } from "./outbox/deps.server";
import { runDueJobs } from "./outbox/runner.server";
import { eraseExpiredConsultations } from "./privacy/retention.server";

// Cron Trigger entry (every minute, wrangler.toml [triggers]): repair calendar
// drift by enqueueing jobs, erase personal data past RETENTION_MONTHS (its
// calendar patches run in this same tick), then run every due outbox job (new ones, retries
// whose backoff is over, jobs whose runner died). One JSON log line per step.
// Its D1 gives way to requests on the same isolate (backgroundD1, decision 0050).
export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext) {
  const log = createLogger(`cron-${controller.scheduledTime}`);
  const started = Date.now();
  log.info("cron.tick", { cron: controller.cron, scheduledTime: new Date(controller.scheduledTime).toISOString() });
  let deps: OutboxDeps;
  try {
    deps = { db: getDb(backgroundD1(env.DB)), config: getConfig(env), log, now: () => Date.now() };
  } catch (error) {
    log.error("cron.misconfigured", { error, problems: error instanceof ConfigError ? error.problems.join("; ") : undefined });
    return;
  }

  try {
    const reconciled = await reconcileCalendar(deps);
    log.info("cron.reconciled", { outOfSync: reconciled.outOfSync, enqueued: reconciled.enqueued });
  } catch (error) {
    log.error("cron.reconcile_failed", { error });
  }

  try {
    const erased = await eraseExpiredConsultations(deps);
    if (erased > 0) log.info("cron.retention", { erased });
  } catch (error) {
    log.error("cron.retention_failed", { error });
  }

  try {
    const summary = await runDueJobs(deps, { limit: 10, rounds: 5, budgetMs: 25_000 });
    log.info("cron.outbox", { ...summary, durationMs: Date.now() - started });
  } catch (error) {
    log.error("cron.outbox_failed", { error });
  }
}
