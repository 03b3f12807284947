import { backgroundD1 } from "../db/background-d1.server";
import { getDb } from "../db/client.server";
import { ConfigError, getConfig } from "../env.server";
import { createLogger } from "../log.server";
import type { OutboxDeps } from "./deps.server";
import { dueWork, type OutboxRelayMessage } from "./relay.server";
import { runDueJobs, type RunSummary } from "./runner.server";

// The queue() consumer of the outbox relay (wrangler.toml [[queues.consumers]],
// docs/decisions/0047): one invocation per batch of "these consultations' jobs
// are due" messages, run through the same runner as the cron. Claims are
// leases in D1, so a job this run and the cron (or a redelivered message) both
// see runs once. Messages are acked after the run whatever the jobs did: the
// runner records failures and retries them itself; only a run that could not
// reach D1 at all asks the queue to deliver the batch again.
// Its D1 is backgroundD1: each round trip waits for a lull in this isolate's
// requests (for a few seconds at most), so a request sharing the isolate runs
// first (decisions 0050, 0056).
export async function runOutboxBatch(batch: MessageBatch<OutboxRelayMessage>, env: Env): Promise<void> {
  const log = createLogger(`relay-${batch.messages[0]?.id ?? crypto.randomUUID()}`);
  let deps: OutboxDeps;
  try {
    deps = { db: getDb(backgroundD1(env.DB)), config: getConfig(env), log, now: () => Date.now() };
  } catch (error) {
    log.error("relay.misconfigured", { error, problems: error instanceof ConfigError ? error.problems.join("; ") : undefined });
    batch.ackAll(); // the cron reports it every minute and runs the jobs once fixed
    return;
  }
  const started = Date.now();
  const { consultationIds, anyDue } = dueWork(batch.messages);
  try {
    const summary: RunSummary = { claimed: 0, done: 0, retrying: 0, dead: 0 };
    const add = (s: RunSummary) => void (Object.keys(summary) as (keyof RunSummary)[]).forEach((k) => (summary[k] += s[k]));
    if (consultationIds.length > 0) add(await runDueJobs(deps, { consultationIds, limit: 10, rounds: 10, budgetMs: 20_000 }));
    if (anyDue) add(await runDueJobs(deps, { limit: 10, rounds: 1 }));
    log.info("outbox.run", { trigger: "relay", messages: batch.messages.length, consultations: consultationIds.length, ...summary, durationMs: Date.now() - started });
    batch.ackAll();
  } catch (error) {
    log.error("outbox.run_failed", { trigger: "relay", messages: batch.messages.length, error });
    batch.retryAll({ delaySeconds: 10 });
  }
}
