import type { QuoteStatus } from "~/domain/quote";

const LABELS: Record<QuoteStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  accepted: "Accepted",
  declined: "Declined",
  superseded: "Superseded",
  expired: "Expired",
};

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  return <span className={`status-badge quote-status--${status}`}>{LABELS[status]}</span>;
}
