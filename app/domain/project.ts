// A project's milestones, done strictly in order: the files arrive (which
// starts the turnaround clock), the first version goes out, revisions are
// done, the final delivery is made.

export const MILESTONES = ["files_received", "first_version", "revisions", "final_delivery"] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_LABELS: Record<Milestone, string> = {
  files_received: "Files received",
  first_version: "First version sent",
  revisions: "Revisions done",
  final_delivery: "Final delivery",
};

export type ProjectStatus = "awaiting_files" | "in_progress" | "delivered";
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  awaiting_files: "Waiting for your files",
  in_progress: "In progress",
  delivered: "Delivered",
};

export function isMilestone(value: unknown): value is Milestone {
  return typeof value === "string" && (MILESTONES as readonly string[]).includes(value);
}

export type MilestoneProgress = {
  doneCount: number;
  total: number;
  /** 0..100, whole numbers. */
  percent: number;
  steps: { milestone: Milestone; label: string; done: boolean; current: boolean }[];
};

export function milestoneProgress(done: ReadonlySet<Milestone>): MilestoneProgress {
  const next = nextMilestone(done);
  const doneCount = MILESTONES.filter((m) => done.has(m)).length;
  return {
    doneCount,
    total: MILESTONES.length,
    percent: Math.floor((doneCount * 100) / MILESTONES.length),
    steps: MILESTONES.map((milestone) => ({ milestone, label: MILESTONE_LABELS[milestone], done: done.has(milestone), current: milestone === next })),
  };
}

/** The first milestone not yet done, or null when the project is delivered. */
export function nextMilestone(done: ReadonlySet<Milestone>): Milestone | null {
  return MILESTONES.find((m) => !done.has(m)) ?? null;
}

export type CanComplete = { ok: true } | { ok: false; reason: "already_done" | "out_of_order"; message: string };

export function canComplete(milestone: Milestone, done: ReadonlySet<Milestone>): CanComplete {
  if (done.has(milestone)) return { ok: false, reason: "already_done", message: `“${MILESTONE_LABELS[milestone]}” is already marked as done` };
  const missing = MILESTONES.slice(0, MILESTONES.indexOf(milestone)).find((m) => !done.has(m));
  if (missing) {
    return { ok: false, reason: "out_of_order", message: `Mark “${MILESTONE_LABELS[missing]}” as done before “${MILESTONE_LABELS[milestone]}”` };
  }
  return { ok: true };
}

export function projectStatusOf(done: ReadonlySet<Milestone>): ProjectStatus {
  if (done.has("final_delivery")) return "delivered";
  if (done.has("files_received")) return "in_progress";
  return "awaiting_files";
}
