import type { Db } from "../db/client.server";
import type { ProviderFailure } from "../email/provider-call.server";
import type { AppConfig } from "../env.server";
import type { Logger } from "../log.server";

/** What the outbox runner, its jobs and the reconciler need; built per request or per cron run. */
export type OutboxDeps = {
  db: Db;
  config: AppConfig;
  log: Logger;
  now: () => number;
};

/** A job's answer: done (with a short note of what happened), or a failure the runner retries or buries. */
export type JobOutcome =
  | { ok: true; result: string }
  | { ok: false; error: string; retryable: boolean; retryAfterSeconds?: number };

export function done(result: string): JobOutcome {
  return { ok: true, result };
}

export function failed(failure: ProviderFailure): JobOutcome {
  return {
    ok: false,
    error: failure.status ? `${failure.status}: ${failure.message}` : failure.message,
    retryable: failure.retryable,
    ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
  };
}
