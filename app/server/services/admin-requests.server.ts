import { count, desc, eq } from "drizzle-orm";
import { SERVICE_REQUEST_STATUSES, consultations, serviceRequests, type ServiceRequestStatus } from "../db/schema.server";
import type { Db } from "../db/client.server";
import { formatMoney } from "~/domain/money";
import { REQUEST_STATUS_LABELS } from "~/domain/service-request-status";
import { formatInZone } from "~/domain/time-zones";
import { quotesByRequest } from "./consultation-path.server";
import { requestsOfConsultation, requestView, type ServiceRequestView } from "./service-request-views.server";

// Service requests for the studio: the list at /admin/requests (and
// GET /api/requests), newest first, with the consultation they came from.

export const REQUESTS_PAGE_SIZE = 25;

export type RequestListQuery = { status: ServiceRequestStatus | null; page: number };

export function parseRequestListQuery(params: URLSearchParams): { ok: true; query: RequestListQuery } | { ok: false; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const status = params.get("status") || null;
  if (status !== null && !(SERVICE_REQUEST_STATUSES as readonly string[]).includes(status)) errors.status = [`Use one of: ${SERVICE_REQUEST_STATUSES.join(", ")}`];
  const pageText = params.get("page") || "1";
  const page = /^\d{1,6}$/.test(pageText) ? Number(pageText) : NaN;
  if (!Number.isInteger(page) || page < 1) errors.page = ["Use a page number from 1"];
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, query: { status: status as ServiceRequestStatus | null, page } };
}

export type RequestListItem = ServiceRequestView & { customerName: string; customerEmail: string; projectName: string; consultationDate: number };

export async function listServiceRequests(db: Db, query: RequestListQuery) {
  const where = query.status ? eq(serviceRequests.status, query.status) : undefined;
  const [{ total }] = await db.select({ total: count() }).from(serviceRequests).where(where);
  const rows = await db
    .select({ request: serviceRequests, customerName: consultations.customerName, customerEmail: consultations.customerEmail, projectName: consultations.projectName, consultationDate: consultations.consultationDate })
    .from(serviceRequests)
    .innerJoin(consultations, eq(consultations.id, serviceRequests.consultationId))
    .where(where)
    .orderBy(desc(serviceRequests.createdAt), desc(serviceRequests.id))
    .limit(REQUESTS_PAGE_SIZE)
    .offset((query.page - 1) * REQUESTS_PAGE_SIZE);
  const items: RequestListItem[] = rows.map((r) => ({ ...requestView(r.request), customerName: r.customerName, customerEmail: r.customerEmail, projectName: r.projectName, consultationDate: r.consultationDate }));
  return { items, total, page: query.page, pageSize: REQUESTS_PAGE_SIZE, pages: Math.max(1, Math.ceil(total / REQUESTS_PAGE_SIZE)) };
}

export { REQUEST_STATUS_LABELS };

/** The package's name on the request, from its estimate snapshot (so a renamed or retired item still reads as it was). */
export function packageNameOf(request: Pick<ServiceRequestView, "estimate">): string {
  // Rows written before estimates were snapshotted (or by hand) may hold "{}": never fail a page over it.
  return (request.estimate.lines ?? []).find((l) => l.kind === "package")?.name ?? "Service";
}

/** The request as the admin JSON API shows it: integers of minor units, ISO instants. */
export function serviceRequestJson(request: ServiceRequestView) {
  const { submissionKey: _key, ...rest } = request;
  void _key;
  return {
    ...rest,
    createdAt: new Date(request.createdAt).toISOString(),
    updatedAt: new Date(request.updatedAt).toISOString(),
  };
}

/** The consultation page's list of its requests, each with its quotes and the project an accepted one made. */
export async function consultationRequestItems(db: Db, consultationId: string, timeZone: string) {
  const [requests, quotes] = await Promise.all([requestsOfConsultation(db, consultationId), quotesByRequest(db, consultationId)]);
  return requests.map((r) => ({
    id: r.id,
    sentAt: formatInZone(r.createdAt, timeZone, "EEE d MMM yyyy, HH:mm"),
    packageName: packageNameOf(r),
    estimate: formatMoney(r.estimateTotalMinor, r.currency),
    status: REQUEST_STATUS_LABELS[r.status],
    quotes: (quotes.get(r.id) ?? []).map((q) => ({
      id: q.id,
      number: q.number,
      status: q.status,
      project: q.project,
    })),
  }));
}
