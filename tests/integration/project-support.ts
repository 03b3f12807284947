// Test support for the project suites: a project as accepting a quote leaves
// it (the QUOTE branch's project-plan statements), written straight into D1:
// a completed consultation, a catalogue package, the client's service
// request, the accepted quote, the project ('awaiting_files') and its four
// milestones (positions 0..3, none done).
import { insertConsultation, londonTime } from "./admin-support";
import type { TestWorker } from "./harness";

export const MILESTONE_KINDS = ["files_received", "first_version", "revisions", "final_delivery"] as const;

export type SeededProject = { projectId: string; consultationId: string; quoteId: string; requestId: string };

let seeded = 0;

export async function insertProject(
  worker: TestWorker,
  options: { customerName?: string; customerEmail?: string; projectName?: string; turnaroundDays?: number; quoteNumber?: string; totalMinor?: number } = {},
): Promise<SeededProject> {
  const n = ++seeded;
  const consultationId = await insertConsultation(worker, {
    startsAt: londonTime("2026-03-02", "11:00") + n * 15 * 60_000,
    status: "completed",
    customerName: options.customerName ?? "Ada Lovelace",
    customerEmail: options.customerEmail ?? "ada@example.com",
    projectName: options.projectName ?? "Night Drive",
  });
  const now = Date.now();
  const itemId = crypto.randomUUID();
  const requestId = crypto.randomUUID();
  const quoteId = crypto.randomUUID();
  const projectId = crypto.randomUUID();
  const turnaround = options.turnaroundDays ?? 5;
  const total = options.totalMinor ?? 48000;
  const db = worker.db;
  await db.batch([
    db
      .prepare(
        `INSERT INTO catalogue_items (id, kind, code, name, pricing, base_minor, per_track_minor, turnaround_days, created_at, updated_at)
         VALUES (?, 'package', ?, 'Mix + master', 'package', 30000, 4500, ?, ?, ?)`,
      )
      .bind(itemId, `test-mix-master-${itemId}`, turnaround, now, now),
    db
      .prepare(
        `INSERT INTO service_requests (id, consultation_id, status, package_id, track_count, estimate_total_minor, estimate_json, currency, created_at, updated_at)
         VALUES (?, ?, 'accepted', ?, 4, ?, '{}', 'GBP', ?, ?)`,
      )
      .bind(requestId, consultationId, itemId, total, now, now),
    db
      .prepare(
        `INSERT INTO quotes (id, service_request_id, consultation_id, number, status, currency, tax_rate_bp, turnaround_days, sent_at, expires_at,
           accepted_name, accepted_at, accepted_total_minor, accepted_snapshot, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'accepted', 'GBP', 2000, ?, ?, ?, ?, ?, ?, '{}', ?, ?)`,
      )
      .bind(quoteId, requestId, consultationId, options.quoteNumber ?? `Q-2026-${String(n).padStart(4, "0")}`, turnaround, now - 60_000, now + 86_400_000, options.customerName ?? "Ada Lovelace", now, total, now, now),
    db
      .prepare(
        `INSERT INTO projects (id, quote_id, consultation_id, status, turnaround_days, total_minor, created_at, updated_at)
         VALUES (?, ?, ?, 'awaiting_files', ?, ?, ?, ?)`,
      )
      .bind(projectId, quoteId, consultationId, turnaround, total, now, now),
    ...MILESTONE_KINDS.map((kind, position) =>
      db.prepare("INSERT INTO project_milestones (project_id, kind, position) VALUES (?, ?, ?)").bind(projectId, kind, position),
    ),
  ]);
  return { projectId, consultationId, quoteId, requestId };
}

export async function projectRow(worker: TestWorker, id: string) {
  return worker.db
    .prepare("SELECT status, files_received_at, due_date, updated_at FROM projects WHERE id = ?")
    .bind(id)
    .first<{ status: string; files_received_at: number | null; due_date: string | null; updated_at: number }>();
}

export async function milestoneRows(worker: TestWorker, id: string) {
  const { results } = await worker.db
    .prepare("SELECT kind, position, done_at, done_by, note FROM project_milestones WHERE project_id = ? ORDER BY position")
    .bind(id)
    .all<{ kind: string; position: number; done_at: number | null; done_by: string | null; note: string | null }>();
  return results;
}

export async function eventRows(worker: TestWorker, id: string) {
  const { results } = await worker.db
    .prepare("SELECT milestone, actor_detail, note FROM project_events WHERE project_id = ? ORDER BY created_at, rowid")
    .bind(id)
    .all<{ milestone: string; actor_detail: string | null; note: string | null }>();
  return results;
}

export async function milestoneJobs(worker: TestWorker, consultationId: string) {
  const { results } = await worker.db
    .prepare("SELECT id, status, payload, result FROM outbox_jobs WHERE consultation_id = ? AND kind = 'email.milestone' ORDER BY created_at, rowid")
    .bind(consultationId)
    .all<{ id: string; status: string; payload: string; result: string | null }>();
  return results;
}
