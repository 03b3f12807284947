import { createLogger } from "../app/server/log.server";

// Cron Trigger entry. It runs due outbox jobs once the outbox exists; for now
// it only records that it ran, so `wrangler tail` shows the trigger is alive.
export async function runScheduled(controller: ScheduledController, _env: Env, _ctx: ExecutionContext) {
  const log = createLogger(`cron-${controller.scheduledTime}`);
  log.info("cron.tick", { cron: controller.cron, scheduledTime: new Date(controller.scheduledTime).toISOString() });
}
