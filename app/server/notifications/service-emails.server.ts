import type { ConsultationRow, OutboxJobKind, OutboxJobRow } from "../db/schema.server";
import type { EmailAddress } from "../email/message";
import type { ServiceEmailKind } from "../email/types";
import { done, type JobOutcome, type OutboxDeps } from "../outbox/deps.server";
import { deliverOnce } from "./deliver.server";
import { SERVICE_EMAIL_COMPOSERS } from "../services/emails.server";

// The email.* jobs of the path after the consultation: service requests,
// quotes and project milestones. Each kind has a composer
// (app/server/services/emails.server.ts) that reads what the job's payload
// names (a request, a quote, a project) as it is NOW, and says who gets what,
// or why nothing should go out any more. Sending and recording follow the same
// once-per-job rule as the consultation's own emails (deliver.server.ts).

export type ComposedServiceEmail = {
  to: EmailAddress;
  subject: string;
  html: string;
  text: string;
  /** Mail to the client honours the suppression list; the studio's notifications don't. */
  toClient: boolean;
};

export type ServiceEmailComposer = (
  deps: OutboxDeps,
  job: OutboxJobRow,
  consultation: ConsultationRow,
  payload: Record<string, unknown>,
) => Promise<ComposedServiceEmail | { skip: string }>;

export function serviceEmailKindOf(kind: OutboxJobKind): ServiceEmailKind | null {
  const name = kind.startsWith("email.") ? kind.slice("email.".length) : "";
  return name in SERVICE_EMAIL_COMPOSERS ? (name as ServiceEmailKind) : null;
}

export async function runServiceEmailJob(deps: OutboxDeps, job: OutboxJobRow, c: ConsultationRow): Promise<JobOutcome> {
  const kind = serviceEmailKindOf(job.kind);
  if (!kind) return { ok: false, error: `not a service email job: ${job.kind}`, retryable: false };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(job.payload) as Record<string, unknown>;
  } catch {
    return { ok: false, error: "the job's payload is not JSON", retryable: false };
  }
  const composed = await SERVICE_EMAIL_COMPOSERS[kind](deps, job, c, payload);
  if ("skip" in composed) return done(`skipped: ${composed.skip}`);
  const { config } = deps;
  return deliverOnce(deps, job, {
    consultationId: c.id,
    kind,
    recipient: composed.to,
    checkSuppression: composed.toClient,
    compose: async () => ({
      email: {
        to: composed.to,
        from: config.integrations.email.from,
        ...(config.integrations.email.replyTo ? { replyTo: config.integrations.email.replyTo } : {}),
        subject: composed.subject,
        html: composed.html,
        text: composed.text,
        kind,
        consultationId: c.id,
        jobId: job.id,
      },
    }),
  });
}
