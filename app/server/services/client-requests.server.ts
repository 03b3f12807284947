import { formatMoney } from "~/domain/money";
import type { QuoteStatus } from "~/domain/quote";
import { formatInZone } from "~/domain/time-zones";
import type { AppServices } from "../context.server";
import type { ConsultationRow } from "../db/schema.server";
import { quoteUrl } from "../links.server";
import { packageNameOf } from "./admin-requests.server";
import { quotesByRequest } from "./consultation-path.server";
import { requestsOfConsultation } from "./service-request-views.server";

// What the client's private page (/manage/:token) shows of the service
// requests they sent from THIS consultation, and the quote the studio sent
// for each (its signed link). Drafts and superseded versions are the
// studio's business: only the quote the client can act on, or has, is shown.

const QUOTE_STATE: Partial<Record<QuoteStatus, string>> = {
  sent: "waiting for your answer",
  accepted: "accepted",
  declined: "declined",
  expired: "expired",
};

export type ClientRequestView = Awaited<ReturnType<typeof clientRequestsView>>[number];

export async function clientRequestsView(services: Pick<AppServices, "db" | "config" | "now">, consultation: ConsultationRow) {
  const [requests, quotes] = await Promise.all([requestsOfConsultation(services.db, consultation.id), quotesByRequest(services.db, consultation.id)]);
  return Promise.all(
    requests.map(async (r) => {
      const quote = (quotes.get(r.id) ?? []).find((q) => q.status in QUOTE_STATE && q.number !== null);
      return {
        id: r.id,
        sentOn: formatInZone(r.createdAt, consultation.timeZone, "EEE d MMM yyyy"),
        packageName: packageNameOf(r),
        estimate: formatMoney(r.estimateTotalMinor, r.currency),
        quote: quote ? { number: quote.number!, state: QUOTE_STATE[quote.status]!, url: await quoteUrl(services.config, quote.id, services.now()) } : null,
      };
    }),
  );
}
