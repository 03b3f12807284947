import { and, desc, eq } from "drizzle-orm";
import type { PricedLine } from "~/domain/catalogue";
import type { Db } from "../db/client.server";
import { serviceRequests, type ServiceRequestRow } from "../db/schema.server";

// Service requests as read back by pages, the API and the emails (kept apart
// from the use case that writes them, which pulls in the outbox).

/** What was priced and how, kept on the request as it was when sent (estimate_json). */
export type EstimateSnapshot = {
  currency: string;
  taxRateBp: number;
  taxLabel: string;
  lines: PricedLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  turnaroundDays: number;
};

export type ServiceRequestView = Omit<ServiceRequestRow, "addonIds" | "fileLinks" | "estimateJson"> & {
  addonIds: string[];
  fileLinks: string[];
  estimate: EstimateSnapshot;
};

export function requestView(row: ServiceRequestRow): ServiceRequestView {
  const { addonIds, fileLinks, estimateJson, ...rest } = row;
  return { ...rest, addonIds: JSON.parse(addonIds) as string[], fileLinks: JSON.parse(fileLinks) as string[], estimate: JSON.parse(estimateJson) as EstimateSnapshot };
}

export async function findServiceRequest(db: Db, id: string): Promise<ServiceRequestView | null> {
  const [row] = await db.select().from(serviceRequests).where(eq(serviceRequests.id, id)).limit(1);
  return row ? requestView(row) : null;
}

/** One of this consultation's requests (a request id from another client's page finds nothing). */
export async function findRequestOfConsultation(db: Db, consultationId: string, id: string): Promise<ServiceRequestView | null> {
  const [row] = await db
    .select()
    .from(serviceRequests)
    .where(and(eq(serviceRequests.id, id), eq(serviceRequests.consultationId, consultationId)))
    .limit(1);
  return row ? requestView(row) : null;
}

export async function requestsOfConsultation(db: Db, consultationId: string): Promise<ServiceRequestView[]> {
  const rows = await db
    .select()
    .from(serviceRequests)
    .where(eq(serviceRequests.consultationId, consultationId))
    .orderBy(desc(serviceRequests.createdAt));
  return rows.map(requestView);
}
