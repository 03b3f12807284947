import { MILESTONE_LABELS, type Milestone } from "~/domain/project";
import type { ProjectDetail, ProjectListItem } from "./project-queries.server";

// The admin API's JSON for projects. Instants are ISO 8601 UTC strings; due
// dates are the studio's calendar dates (YYYY-MM-DD); money is integer minor
// units with its currency, never a float.

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function projectListItemJson(p: ProjectListItem) {
  return {
    id: p.id,
    status: p.status,
    consultationId: p.consultationId,
    quoteId: p.quoteId,
    quoteNumber: p.quoteNumber,
    client: { name: p.customerName, email: p.customerEmail },
    projectName: p.projectName,
    turnaroundDays: p.turnaroundDays,
    filesReceivedAt: iso(p.filesReceivedAt),
    dueDate: p.dueDate,
    nextMilestone: p.nextMilestone,
    totalMinor: p.totalMinor,
    currency: p.currency,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export function projectDetailJson(d: ProjectDetail) {
  const p = d.project;
  return {
    id: p.id,
    status: p.status,
    consultation: { id: d.consultation.id, projectName: d.consultation.projectName, status: d.consultation.status, startsAt: iso(d.consultation.consultationDate) },
    client: { name: d.consultation.customerName, email: d.consultation.customerEmail },
    quote: { id: d.quote.id, number: d.quote.number, status: d.quote.status, serviceRequestId: d.quote.serviceRequestId, acceptedName: d.quote.acceptedName, acceptedAt: iso(d.quote.acceptedAt) },
    turnaroundDays: p.turnaroundDays,
    filesReceivedAt: iso(p.filesReceivedAt),
    dueDate: p.dueDate,
    totalMinor: p.totalMinor,
    currency: d.quote.currency,
    nextMilestone: d.next,
    milestones: d.milestones.map((m) => ({
      kind: m.kind,
      label: MILESTONE_LABELS[m.kind as Milestone],
      position: m.position,
      done: m.doneAt !== null,
      doneAt: iso(m.doneAt),
      doneBy: m.doneBy,
      note: m.note,
    })),
    events: d.events.map((e) => ({ id: e.id, milestone: e.milestone, actorDetail: e.actorDetail, note: e.note, at: iso(e.createdAt) })),
    emails: d.emails.map((e) => ({ milestone: e.milestone, recipient: e.recipient, status: e.status, subject: e.subject, at: iso(e.at) })),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}
