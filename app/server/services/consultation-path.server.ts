import { desc, eq } from "drizzle-orm";
import type { QuoteStatus } from "~/domain/quote";
import type { Db } from "../db/client.server";
import { projects, quotes, type ProjectRow } from "../db/schema.server";

// The quotes and projects that came from one consultation, grouped by the
// service request they answer: the admin consultation page and the client's
// private page show each request with what followed it.

export type QuoteOfRequest = { id: string; number: string | null; status: QuoteStatus; sentAt: number | null; project: Pick<ProjectRow, "id" | "status"> | null };

/** Each request id's quotes, newest first, each with the project its acceptance made (if any). */
export async function quotesByRequest(db: Db, consultationId: string): Promise<Map<string, QuoteOfRequest[]>> {
  const rows = await db
    .select({ id: quotes.id, requestId: quotes.serviceRequestId, number: quotes.number, status: quotes.status, sentAt: quotes.sentAt, projectId: projects.id, projectStatus: projects.status })
    .from(quotes)
    .leftJoin(projects, eq(projects.quoteId, quotes.id))
    .where(eq(quotes.consultationId, consultationId))
    .orderBy(desc(quotes.createdAt));
  const byRequest = new Map<string, QuoteOfRequest[]>();
  for (const row of rows) {
    const list = byRequest.get(row.requestId) ?? [];
    list.push({
      id: row.id,
      number: row.number,
      status: row.status as QuoteStatus,
      sentAt: row.sentAt,
      project: row.projectId && row.projectStatus ? { id: row.projectId, status: row.projectStatus } : null,
    });
    byRequest.set(row.requestId, list);
  }
  return byRequest;
}
