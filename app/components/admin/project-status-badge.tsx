// A project's status in the admin, as text (never colour alone), tinted per status.
export const ADMIN_PROJECT_STATUS_LABELS = {
  awaiting_files: "Waiting for files",
  in_progress: "In progress",
  delivered: "Delivered",
  cancelled: "Cancelled",
} as const;

export type AdminProjectStatus = keyof typeof ADMIN_PROJECT_STATUS_LABELS;

export function ProjectStatusBadge({ status }: { status: AdminProjectStatus }) {
  return <span className={`status-badge status-badge--project-${status}`}>{ADMIN_PROJECT_STATUS_LABELS[status]}</span>;
}
