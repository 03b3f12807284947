import type { Logger } from "../log.server";

// The relay of the D1 outbox (docs/decisions/0047): after a change has
// committed its jobs, one small message to a Cloudflare Queue says whose jobs
// are due; the Worker's queue() consumer (app/server/outbox/consumer.server.ts) runs them
// through the same runner, off the request's isolate. The message carries no
// job data: D1 stays the truth, the runner's leases decide who runs a job, and
// the every-minute cron sweeps whatever a lost or failed message left behind.

/** The due jobs of these consultations; no ids: any due job (the admin's "run now"). */
export type OutboxRelayMessage = { consultationIds?: string[] };

export type OutboxRelay = { send(message: OutboxRelayMessage): Promise<void> };

/** The producer binding (wrangler.toml [[queues.producers]] OUTBOX_QUEUE), when this environment has one. */
export function outboxRelayFrom(env: Env): OutboxRelay | undefined {
  const queue = (env as { OUTBOX_QUEUE?: Queue<OutboxRelayMessage> }).OUTBOX_QUEUE;
  if (!queue) return undefined;
  return { send: async (message) => void (await queue.send(message, { contentType: "json" })) };
}

/**
 * Sends the message after the response. A failed send is logged and nothing
 * else: the jobs are in D1 and the cron runs them within a minute.
 */
export function relayJobs(
  relay: OutboxRelay,
  base: { log: Logger; waitUntil: (work: Promise<unknown>) => void },
  consultationIds: string[] | undefined,
): void {
  base.waitUntil(
    relay.send(consultationIds ? { consultationIds } : {}).catch((error) =>
      base.log.warn("outbox.relay_failed", { consultationIds: consultationIds?.join(","), error, fallback: "cron" }),
    ),
  );
}

/** What a batch of messages asks for: these consultations' due jobs, and whether any due job too. */
export function dueWork(messages: readonly { body: unknown }[]): { consultationIds: string[]; anyDue: boolean } {
  const ids = new Set<string>();
  let anyDue = false;
  for (const { body } of messages) {
    const listed = (body as OutboxRelayMessage | null)?.consultationIds;
    if (Array.isArray(listed)) for (const id of listed) if (typeof id === "string") ids.add(id);
    if (!Array.isArray(listed)) anyDue = true;
  }
  return { consultationIds: [...ids], anyDue };
}
