import { and, asc, eq, inArray, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { runCalendarJob } from "../calendar-sync/jobs.server";
import type { Db } from "../db/client.server";
import { preparedStatement, runBatch, type BoundStatement, type Placeholders } from "../db/prepared.server";
import { consultations, outboxJobs, type ConsultationRow, type OutboxJobRow } from "../db/schema.server";
import { errorMessage } from "../email/provider-call.server";
import { runEmailJob } from "../notifications/email-jobs.server";
import { runServiceEmailJob, serviceEmailKindOf } from "../notifications/service-emails.server";
import { runWebhookJob } from "../webhooks/deliver.server";
import type { JobOutcome, OutboxDeps } from "./deps.server";

// Runs due outbox jobs. A run claims a handful of jobs with a lease in ONE
// UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING statement: SQLite runs
// it atomically, so two overlapping runs (cron + waitUntil, or two crons)
// never get the same job (nor do the relay's consumer and the cron). A runner that dies leaves its lease to expire; the
// job is then claimed again (and counts the attempt).

export const LEASE_MS = 2 * 60_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000;
const CONCURRENCY = 4;

/**
 * Exponential backoff with jitter (30 s, 1 min, 2 min ... capped at 1 h, each
 * between half and all of that), or what the provider's Retry-After asked for
 * (plus up to 10 % so retries do not arrive together).
 */
export function retryDelayMs(attempt: number, retryAfterSeconds?: number, random: () => number = Math.random): number {
  if (retryAfterSeconds !== undefined) {
    const asked = Math.min(Math.max(retryAfterSeconds * 1000, 1000), MAX_RETRY_AFTER_MS);
    return Math.round(asked + random() * asked * 0.1);
  }
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type ClaimOptions = { owner: string; now: number; limit: number; consultationIds?: string[] };

/**
 * A claimed job with its consultation as the claim's batch read it: null when
 * the consultation no longer exists, and for a webhook (which reads none).
 */
export type ClaimedJob = OutboxJobRow & { consultation: ConsultationRow | null };

// The runner's statements are built by drizzle once per isolate and bound per
// run (db/prepared.server.ts, docs/decisions/0051, 0071): a booking's
// calendar entry and confirmation otherwise had drizzle write the SQL of
// about ten statements on the isolate that answers the next bookings.

type ClaimValues = { owner: string; now: number; leaseUntil: number; limit: number };

/** The claim: due jobs (of `only`'s consultations, when given) leased to `owner`, up to `limit`, returned. */
function claimStatement(db: Db, p: Placeholders<ClaimValues>, only?: SQL) {
  const due = or(
    and(eq(outboxJobs.status, "pending"), lte(outboxJobs.runAt, p.now)),
    and(eq(outboxJobs.status, "running"), lt(outboxJobs.leaseUntil, p.now)),
  );
  const candidates = db
    .select({ id: outboxJobs.id })
    .from(outboxJobs)
    .where(only ? and(due, only) : due)
    .orderBy(asc(outboxJobs.runAt))
    .limit(p.limit);
  return db
    .update(outboxJobs)
    .set({ status: "running", leaseOwner: sql`${p.owner}`, leaseUntil: sql`${p.leaseUntil}`, attempts: sql`${outboxJobs.attempts} + 1`, updatedAt: sql`${p.now}` })
    .where(and(inArray(outboxJobs.id, candidates), due))
    .returning();
}

const claimAny = preparedStatement((db: Db, p: Placeholders<ClaimValues>) => claimStatement(db, p));
// The consultations' ids go in as one JSON array (json_each), so one statement serves any number of them.
const claimFor = preparedStatement((db: Db, p: Placeholders<ClaimValues & { ids: string }>) =>
  claimStatement(db, p, sql`${outboxJobs.consultationId} IN (SELECT value FROM json_each(${p.ids}))`),
);

// This owner's running jobs (outbox_jobs_due finds the running ones): the
// ones just claimed, and any whose outcome this run could not record.
const leasedConsultations = preparedStatement((db: Db, p: Placeholders<{ owner: string }>) =>
  db
    .select()
    .from(consultations)
    .where(
      inArray(
        consultations.id,
        db
          .select({ id: outboxJobs.consultationId })
          .from(outboxJobs)
          .where(and(eq(outboxJobs.status, "running"), eq(outboxJobs.leaseOwner, p.owner), ne(outboxJobs.kind, "webhook.deliver"))),
      ),
    ),
);

/**
 * Claims due jobs and reads their consultations in ONE D1 batch (one
 * transaction): the second statement reads what the first just leased.
 */
export async function claimDueJobs(db: Db, options: ClaimOptions): Promise<ClaimedJob[]> {
  const { owner, now, limit, consultationIds } = options;
  const values = { owner, now, leaseUntil: now + LEASE_MS, limit };
  const claim = consultationIds ? claimFor.bind(db, { ...values, ids: JSON.stringify(consultationIds) }) : claimAny.bind(db, values);
  const [claimed, rows] = await runBatch(db, [claim, leasedConsultations.bind(db, { owner })]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return claimed
    .map((job) => ({ ...job, consultation: job.kind === "webhook.deliver" ? null : (byId.get(job.consultationId) ?? null) }))
    .sort((a, b) => a.runAt - b.runAt || a.createdAt - b.createdAt);
}

// A job's outcome, written only while the job is still this runner's (its
// lease). drizzle's set() takes placeholders only inside sql``.
type Mine = { id: string; owner: string; now: number };
const mine = (p: Placeholders<Mine>) => and(eq(outboxJobs.id, p.id), eq(outboxJobs.leaseOwner, p.owner), eq(outboxJobs.status, "running"));
const markDone = preparedStatement((db: Db, p: Placeholders<Mine & { result: string }>) =>
  db.update(outboxJobs).set({ status: "done", result: sql`${p.result}`, doneAt: sql`${p.now}`, updatedAt: sql`${p.now}`, leaseOwner: null, leaseUntil: null }).where(mine(p)),
);
const markRetry = preparedStatement((db: Db, p: Placeholders<Mine & { runAt: number; error: string }>) =>
  db.update(outboxJobs).set({ status: "pending", runAt: sql`${p.runAt}`, lastError: sql`${p.error}`, updatedAt: sql`${p.now}`, leaseOwner: null, leaseUntil: null }).where(mine(p)),
);
const markDead = preparedStatement((db: Db, p: Placeholders<Mine & { error: string }>) =>
  db.update(outboxJobs).set({ status: "dead", lastError: sql`${p.error}`, updatedAt: sql`${p.now}`, doneAt: sql`${p.now}`, leaseOwner: null, leaseUntil: null }).where(mine(p)),
);

export type RunSummary = { claimed: number; done: number; retrying: number; dead: number };

export type RunOptions = {
  /** Only these consultations' jobs (after a change, on the request or from a batch of relay messages). */
  consultationIds?: string[];
  /** Jobs per claim. */
  limit?: number;
  /** Claims per run; a run stops early when a claim comes back short. */
  rounds?: number;
  /** Stop claiming new jobs after this long (the jobs already claimed finish). */
  budgetMs?: number;
};

export async function runDueJobs(deps: OutboxDeps, options: RunOptions = {}): Promise<RunSummary> {
  const owner = crypto.randomUUID();
  const limit = options.limit ?? 10;
  const rounds = options.rounds ?? 5;
  const started = Date.now();
  const summary: RunSummary = { claimed: 0, done: 0, retrying: 0, dead: 0 };
  for (let round = 0; round < rounds; round++) {
    if (Date.now() - started > (options.budgetMs ?? 20_000)) break;
    const jobs = await claimDueJobs(deps.db, {
      owner,
      now: deps.now(),
      limit,
      consultationIds: options.consultationIds,
    });
    summary.claimed += jobs.length;
    await inPool(jobs, CONCURRENCY, async (job) => {
      const state = await runClaimedJob(deps, job, owner);
      summary[state] += 1;
    });
    if (jobs.length < limit) break;
  }
  return summary;
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(size, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}

/** Runs one claimed job and records how it went. Never throws. */
export async function runClaimedJob(deps: OutboxDeps, job: ClaimedJob, owner: string): Promise<"done" | "retrying" | "dead"> {
  const fields = { jobId: job.id, kind: job.kind, consultationId: job.consultationId, attempt: job.attempts };
  let outcome: JobOutcome;
  if (job.attempts > job.maxAttempts) {
    // Only a job whose runner kept dying mid-run gets here.
    outcome = { ok: false, error: `gave up after ${job.maxAttempts} attempts (lease expired)`, retryable: false };
  } else {
    try {
      outcome = await executeJob(deps, job);
    } catch (error) {
      outcome = { ok: false, error: `job crashed: ${errorMessage(error)}`, retryable: true };
    }
  }
  const now = deps.now();
  const which = { id: job.id, owner, now };
  const writes = outcome.ok ? (outcome.writes ?? []) : [];
  try {
    if (outcome.ok) {
      // The job's own records go first in the outcome's batch: a batch commits
      // even when the guarded UPDATE matches no row (the lease was lost), so the
      // email_messages row that stops a second send is there either way.
      await runBatch(deps.db, [...writes, markDone.bind(deps.db, { ...which, result: outcome.result })]);
      deps.log.info("outbox.job_done", { ...fields, result: outcome.result });
      return "done";
    }
    if (outcome.retryable && job.attempts < job.maxAttempts) {
      const delay = retryDelayMs(job.attempts, outcome.retryAfterSeconds);
      await runBatch(deps.db, [markRetry.bind(deps.db, { ...which, runAt: now + delay, error: outcome.error })]);
      deps.log.warn("outbox.job_retry", { ...fields, error: outcome.error, retryInMs: delay });
      return "retrying";
    }
    await runBatch(deps.db, [markDead.bind(deps.db, { ...which, error: outcome.error })]);
    deps.log.error("outbox.job_dead", { ...fields, error: outcome.error });
    return "dead";
  } catch (error) {
    // The lease runs out and the job is claimed again; its work is idempotent.
    // Its own records are then written on their own, so an email that went
    // out is not sent again on that retry (its row says so). Were D1 to fail
    // for this too, the retry would send again: the same single gap as when
    // the row was written on its own right after the send.
    deps.log.error("outbox.job_record_failed", { ...fields, error });
    if (writes.length) await recordAlone(deps, writes, fields);
    return "retrying";
  }
}

async function recordAlone(deps: OutboxDeps, writes: BoundStatement<unknown>[], fields: Record<string, unknown>): Promise<void> {
  try {
    await runBatch(deps.db, writes);
  } catch (error) {
    deps.log.error("outbox.job_writes_failed", { ...fields, error });
  }
}

async function executeJob(deps: OutboxDeps, job: ClaimedJob): Promise<JobOutcome> {
  // A webhook carries the event as it was when it happened; it reads no consultation.
  if (job.kind === "webhook.deliver") return runWebhookJob(deps, job);
  // Read in the claim's batch: as it was a moment ago, as a read here at the
  // start of the job would be a moment before the outside call.
  const { consultation } = job;
  if (!consultation) return { ok: true, result: "skipped: the consultation no longer exists" };
  if (job.kind.startsWith("calendar.")) return runCalendarJob(deps, job, consultation);
  if (serviceEmailKindOf(job.kind)) return runServiceEmailJob(deps, job, consultation);
  return runEmailJob(deps, job, consultation);
}
