import { serviceRequestWebhook } from "../webhooks/service-events.server";
import { eq, sql } from "drizzle-orm";
import { priceSelection, type CatalogueItem, type Selection } from "~/domain/catalogue";
import type { ServiceRequestInput } from "~/domain/service-request";
import { zonedDate } from "~/domain/time-zones";
import type { AppServices } from "../context.server";
import type { Db } from "../db/client.server";
import { outboxJobs, serviceRequests, type ConsultationRow } from "../db/schema.server";
import { newJob, type NewJob } from "../outbox/plans.server";
import { runJobsSoon } from "../outbox/wiring.server";
import { loadCatalogue } from "./catalogue.server";
import type { EstimateSnapshot } from "./service-request-views.server";

export type { EstimateSnapshot };
export { findRequestOfConsultation, findServiceRequest, requestsOfConsultation, type ServiceRequestView } from "./service-request-views.server";

// A client's request for paid work (mixing, mastering, ...) after their
// consultation, sent from /manage/:token/service. Every amount is computed
// here from the catalogue: the client sends ids, a track count and their
// project's details, never a price. The request, its estimate snapshot and
// the two emails (to the studio, a copy to the client) are written in ONE D1
// batch; a submission key makes a double submit store one request.

export type RequestEligibility = { ok: true } | { ok: false; title: string; message: string };

/** Only a completed consultation leads to a request; anything else gets a friendly reason. */
export function requestEligibility(row: Pick<ConsultationRow, "status">, studioName: string): RequestEligibility {
  switch (row.status) {
    case "completed":
      return { ok: true };
    case "scheduled":
      return {
        ok: false,
        title: "Your consultation hasn't taken place yet",
        message: `Once you've talked with ${studioName} and the consultation is marked as done, you can request mixing, mastering or production here.`,
      };
    case "cancelled":
      return {
        ok: false,
        title: "This consultation was cancelled",
        message: `Service requests follow a consultation. Book a new one and talk your project through with ${studioName} first.`,
      };
    case "no_show":
      return {
        ok: false,
        title: "This consultation didn't take place",
        message: `Service requests follow a consultation. Book a new time and talk your project through with ${studioName} first.`,
      };
  }
}

export type EstimateResult = { ok: true; estimate: EstimateSnapshot } | { ok: false; field: "packageId" | "addonIds" | "trackCount"; message: string };

export function estimateFor(
  catalogue: readonly CatalogueItem[],
  selection: Selection,
  config: Pick<AppServices["config"]["services"], "currency" | "taxRateBp" | "taxLabel">,
): EstimateResult {
  const priced = priceSelection(catalogue, selection, config.taxRateBp);
  if (!priced.ok) {
    const field = priced.problem === "bad_track_count" ? "trackCount" : priced.problem === "unknown_addon" || priced.problem === "not_an_addon" ? "addonIds" : "packageId";
    // A retired add-on is the add-ons' problem, a retired package the package's.
    const retiredAddon = priced.problem === "retired" && selection.addonIds.some((id) => catalogue.find((i) => i.id === id && !i.active));
    return { ok: false, field: retiredAddon ? "addonIds" : field, message: priced.message };
  }
  return {
    ok: true,
    estimate: {
      currency: config.currency,
      taxRateBp: config.taxRateBp,
      taxLabel: config.taxLabel,
      lines: priced.lines,
      subtotalMinor: priced.subtotalMinor,
      taxMinor: priced.taxMinor,
      totalMinor: priced.totalMinor,
      turnaroundDays: priced.turnaroundDays,
    },
  };
}

/** The studio's calendar date today: a wished deadline may not be before it. */
export function studioToday(services: Pick<AppServices, "config" | "now">): string {
  return zonedDate(services.now(), services.config.bookingRules.studioTimeZone);
}

export type SubmitOutcome =
  | { kind: "created" | "replayed"; requestId: string }
  | { kind: "invalid"; field: "packageId" | "addonIds" | "trackCount"; message: string }
  | { kind: "refused"; message: string };

/**
 * Store the request with its estimate and queue both emails, in one batch.
 * The jobs are inserted only if the request row was (INSERT ... SELECT ...
 * WHERE EXISTS): a replayed submission key adds neither a row nor an email.
 */
export async function submitServiceRequest(
  services: AppServices,
  consultation: ConsultationRow,
  input: ServiceRequestInput,
  submissionKey: string,
): Promise<SubmitOutcome> {
  const eligibility = requestEligibility(consultation, services.config.studioName);
  if (!eligibility.ok) return { kind: "refused", message: eligibility.message };
  const { db } = services;
  const catalogue = await loadCatalogue(db);
  const priced = estimateFor(catalogue, { packageId: input.packageId, addonIds: input.addonIds, trackCount: input.trackCount }, services.config.services);
  if (!priced.ok) return { kind: "invalid", field: priced.field, message: priced.message };

  const now = services.now();
  const id = crypto.randomUUID();
  const { estimate } = priced;
  const jobs = [
    newJob("email.request_received", consultation.id, now, now, { serviceRequestId: id }),
    newJob("email.request_copy", consultation.id, now, now, { serviceRequestId: id }),
  ];
  await db.batch([
    db
      .insert(serviceRequests)
      .values({
        id,
        consultationId: consultation.id,
        status: "submitted",
        packageId: input.packageId,
        addonIds: JSON.stringify(estimate.lines.filter((l) => l.kind === "addon").map((l) => l.itemId)),
        trackCount: input.trackCount,
        fileLinks: JSON.stringify(input.links),
        wishedDeadline: input.wishedDeadline,
        notes: input.notes,
        estimateTotalMinor: estimate.totalMinor,
        estimateJson: JSON.stringify(estimate),
        currency: estimate.currency,
        submissionKey,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: serviceRequests.submissionKey }),
    ...jobs.map((job) => insertJobIfRequestExists(db, job, id)),
    serviceRequestWebhook(
      db,
      { id, consultationId: consultation.id, packageId: input.packageId, trackCount: input.trackCount, estimateTotalMinor: estimate.totalMinor, currency: estimate.currency },
      now,
    ),
  ]);

  const [stored] = await db
    .select({ id: serviceRequests.id, consultationId: serviceRequests.consultationId })
    .from(serviceRequests)
    .where(eq(serviceRequests.submissionKey, submissionKey))
    .limit(1);
  // Another consultation's key (a tampered form) finds nothing of this one.
  if (!stored || stored.consultationId !== consultation.id) {
    return { kind: "refused", message: "This form has expired. Reload the page and send your request again." };
  }
  if (stored.id === id) {
    services.log.info("service_request.created", { serviceRequestId: id, consultationId: consultation.id, totalMinor: estimate.totalMinor });
    runJobsSoon(services, consultation.id);
    return { kind: "created", requestId: id };
  }
  return { kind: "replayed", requestId: stored.id };
}

function insertJobIfRequestExists(db: Db, job: NewJob, requestId: string) {
  // Columns in the table's order (see plans.server.ts insertUnless).
  return db.insert(outboxJobs).select(sql`
    SELECT ${job.id}, ${job.kind}, ${job.consultationId}, ${job.payload}, ${job.runAt}, 'pending', 0, ${job.maxAttempts},
      NULL, NULL, NULL, NULL, ${job.createdAt}, ${job.updatedAt}, NULL
    WHERE EXISTS (SELECT 1 FROM service_requests WHERE id = ${requestId})`);
}

