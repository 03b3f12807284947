import type { ConsultationStatus } from "./consultation";

// The consultation status machine. Pure: the use cases in
// app/server/consultation-changes.server.ts ask it before writing anything,
// and every accepted change becomes one row of the append-only
// consultation_status_history table.
//
//   scheduled ──► completed ◄──► no_show        (corrections need a reason)
//       │             │             │
//       │             └──► scheduled ◄┘          (reopen; studio only, reason)
//       └──► cancelled                           (final)

export type StatusActor = "client" | "studio" | "system";

export const STATUS_LABELS: Record<ConsultationStatus, string> = {
  scheduled: "Scheduled",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

export const ACTOR_LABELS: Record<StatusActor, string> = {
  client: "Client",
  studio: "Studio",
  system: "System",
};

type Rule = {
  actors: readonly StatusActor[];
  // A correction of an earlier decision: the studio must say why.
  reasonRequired: boolean;
  // Completed and no-show describe something that happened, so they only make
  // sense once the consultation has started.
  onlyAfterStart: boolean;
};

const RULES: Partial<Record<ConsultationStatus, Partial<Record<ConsultationStatus, Rule>>>> = {
  scheduled: {
    completed: { actors: ["studio", "system"], reasonRequired: false, onlyAfterStart: true },
    no_show: { actors: ["studio", "system"], reasonRequired: false, onlyAfterStart: true },
    cancelled: { actors: ["client", "studio", "system"], reasonRequired: false, onlyAfterStart: false },
  },
  completed: {
    no_show: { actors: ["studio"], reasonRequired: true, onlyAfterStart: true },
    scheduled: { actors: ["studio"], reasonRequired: true, onlyAfterStart: false },
  },
  no_show: {
    completed: { actors: ["studio"], reasonRequired: true, onlyAfterStart: true },
    scheduled: { actors: ["studio"], reasonRequired: true, onlyAfterStart: false },
  },
  // cancelled: final. A cancelled client books again.
};

export const MAX_REASON_LENGTH = 500;

export type TransitionRequest = {
  from: ConsultationStatus;
  to: ConsultationStatus;
  actor: StatusActor;
  reason?: string | null;
  /** When the consultation starts (epoch ms) and the current time. */
  startsAt: number;
  now: number;
};

export type TransitionProblem = "same_status" | "final" | "not_allowed" | "actor_not_allowed" | "reason_required" | "not_started" | "reason_too_long";

export type TransitionCheck =
  | { ok: true; reason: string | null; correction: boolean }
  | { ok: false; problem: TransitionProblem; message: string };

export function checkTransition(request: TransitionRequest): TransitionCheck {
  const { from, to, actor, startsAt, now } = request;
  const reason = request.reason?.trim() ? request.reason.trim() : null;
  if (from === to) return refuse("same_status", `The consultation is already ${STATUS_LABELS[to].toLowerCase()}.`);
  if (from === "cancelled") return refuse("final", "A cancelled consultation can't be changed. Ask the client to book again.");
  const rule = RULES[from]?.[to];
  if (!rule) {
    return refuse("not_allowed", `A ${STATUS_LABELS[from].toLowerCase()} consultation can't become ${STATUS_LABELS[to].toLowerCase()}.`);
  }
  if (!rule.actors.includes(actor)) {
    return refuse("actor_not_allowed", `Only the studio can mark a consultation ${STATUS_LABELS[to].toLowerCase()}.`);
  }
  if (rule.onlyAfterStart && now < startsAt) {
    return refuse("not_started", `The consultation hasn't started yet, so it can't be marked ${STATUS_LABELS[to].toLowerCase()}.`);
  }
  if (rule.reasonRequired && !reason) {
    return refuse("reason_required", `Say why you are changing a ${STATUS_LABELS[from].toLowerCase()} consultation.`);
  }
  if (reason && reason.length > MAX_REASON_LENGTH) {
    return refuse("reason_too_long", `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer.`);
  }
  return { ok: true, reason, correction: from !== "scheduled" };
}

/** The statuses `actor` may move a consultation to now, in a stable order. */
export function allowedTargets(from: ConsultationStatus, actor: StatusActor, when: { startsAt: number; now: number }): ConsultationStatus[] {
  const order: ConsultationStatus[] = ["completed", "no_show", "cancelled", "scheduled"];
  return order.filter((to) => {
    const rule = RULES[from]?.[to];
    return rule !== undefined && rule.actors.includes(actor) && !(rule.onlyAfterStart && when.now < when.startsAt);
  });
}

export function reasonRequired(from: ConsultationStatus, to: ConsultationStatus): boolean {
  return RULES[from]?.[to]?.reasonRequired ?? false;
}

export function isFinal(status: ConsultationStatus): boolean {
  return Object.keys(RULES[status] ?? {}).length === 0;
}

/** Whether the consultation holds its time slot (and so counts against availability). */
export function occupiesSlot(status: ConsultationStatus): boolean {
  return status === "scheduled";
}

// --- History ---

export type HistoryEntry = {
  fromStatus: ConsultationStatus | null;
  toStatus: ConsultationStatus;
  actor: StatusActor;
  reason: string | null;
  at: number;
};

/**
 * A history is consistent when it starts with the booking (null → scheduled),
 * each entry starts where the previous one ended, no entry is a no-op, nothing
 * follows a cancellation, and time never runs backwards. Returns the problems.
 */
export function historyProblems(history: readonly HistoryEntry[]): string[] {
  const problems: string[] = [];
  if (history.length === 0) return ["The history is empty"];
  const [first] = history;
  if (first.fromStatus !== null || first.toStatus !== "scheduled") problems.push("The first entry must be the booking (none → scheduled)");
  for (let i = 1; i < history.length; i++) {
    const previous = history[i - 1];
    const entry = history[i];
    if (entry.fromStatus !== previous.toStatus) problems.push(`Entry ${i} starts at ${entry.fromStatus}, but the status was ${previous.toStatus}`);
    if (entry.fromStatus === entry.toStatus) problems.push(`Entry ${i} changes nothing`);
    if (previous.toStatus === "cancelled") problems.push(`Entry ${i} follows a cancellation`);
    if (entry.at < previous.at) problems.push(`Entry ${i} is older than the one before it`);
  }
  return problems;
}

/** The status a history ends in. */
export function currentStatus(history: readonly HistoryEntry[]): ConsultationStatus | null {
  return history.length === 0 ? null : history[history.length - 1].toStatus;
}

function refuse(problem: TransitionProblem, message: string): TransitionCheck {
  return { ok: false, problem, message };
}
