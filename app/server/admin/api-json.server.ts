import { consultationJson } from "../submit-booking.server";
import type { ConsultationDetail } from "./consultation-detail.server";
import type { ConsultationListItem } from "./consultation-list.server";

// The admin API's JSON shapes. Instants are ISO 8601 UTC strings.

const iso = (ms: number) => new Date(ms).toISOString();

export function adminConsultationJson(row: Omit<ConsultationListItem, "rating">) {
  return {
    ...consultationJson(row),
    adminNotes: row.adminNotes,
    googleCalendarEventId: row.googleCalendarEventId,
    updatedAt: iso(row.updatedAt),
  };
}

export function adminConsultationDetailJson(detail: ConsultationDetail) {
  const c = detail.consultation;
  return {
    ...adminConsultationJson(c),
    calendar: {
      eventId: c.googleCalendarEventId,
      sequence: c.calendarSequence,
      checked: c.calendarChecked,
      eventStartsAt: c.calendarEventStartsAt === null ? null : iso(c.calendarEventStartsAt),
      eventEndsAt: c.calendarEventEndsAt === null ? null : iso(c.calendarEventEndsAt),
    },
    statusHistory: detail.history.map((h) => ({
      from: h.fromStatus,
      to: h.toStatus,
      actor: h.actor,
      actorDetail: h.actorDetail,
      reason: h.reason,
      at: iso(h.at),
    })),
    changes: detail.changes.map((ch) => ({ kind: ch.kind, actor: ch.actor, actorDetail: ch.actorDetail, summary: ch.summary, at: iso(ch.at) })),
    // The client's rating (1-5) and comment, or null (docs/decisions/0018).
    feedback: detail.feedback && {
      rating: detail.feedback.rating,
      comment: detail.feedback.comment,
      createdAt: iso(detail.feedback.createdAt),
      updatedAt: iso(detail.feedback.updatedAt),
    },
    emails: detail.emails.map((e) => ({
      kind: e.kind,
      recipient: e.recipient,
      status: e.status,
      subject: e.subject,
      at: iso(e.at),
      events: e.events.map((ev) => ({ event: ev.event, at: iso(ev.at) })),
    })),
  };
}
