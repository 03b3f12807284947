import type { ConsultationStatus } from "~/domain/consultation";
import { STATUS_LABELS } from "~/domain/status";

// The status as text (never colour alone), tinted per status.
export function StatusBadge({ status }: { status: ConsultationStatus }) {
  return <span className={`status-badge status-badge--${status}`}>{STATUS_LABELS[status]}</span>;
}
