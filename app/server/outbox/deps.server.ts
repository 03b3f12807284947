import type { Db } from "../db/client.server";
import type { BoundStatement } from "../db/prepared.server";
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

/** A statement for the outcome's D1 batch: built once per isolate and bound (db/prepared.server.ts). */
export type JobWrite = BoundStatement<unknown>;

/**
 * A job's answer: done (with a short note of what happened), or a failure the
 * runner retries or buries. `writes` are the job's own records of what it did
 * (the email_messages row, the event's times on the consultation): the runner
 * commits them in ONE batch with the job's outcome row (docs/decisions/0069).
 */
export type JobOutcome =
  | { ok: true; result: string; writes?: JobWrite[] }
  | { ok: false; error: string; retryable: boolean; retryAfterSeconds?: number };

export function done(result: string, writes?: JobWrite[]): JobOutcome {
  return writes?.length ? { ok: true, result, writes } : { ok: true, result };
}

export function failed(failure: ProviderFailure): JobOutcome {
  return {
    ok: false,
    error: failure.status ? `${failure.status}: ${failure.message}` : failure.message,
    retryable: failure.retryable,
    ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
  };
}
