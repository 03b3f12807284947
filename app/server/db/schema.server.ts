import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Mirrors migrations/*.sql, which are the source of truth for the database.
// Instants are UTC epoch milliseconds.

import { CONSULTATION_STATUSES } from "~/domain/consultation";

export const consultations = sqliteTable(
  "consultations",
  {
    id: text("id").primaryKey(),
    projectName: text("project_name").notNull(),
    projectDescription: text("project_description").notNull(),
    genre: text("genre").notNull(),
    bpm: integer("bpm"),
    communicationPreference: text("communication_preference").notNull().default("call"),
    consultationDate: integer("consultation_date").notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(15),
    timeZone: text("time_zone").notNull(),
    status: text("status", { enum: CONSULTATION_STATUSES }).notNull().default("scheduled"),
    customerName: text("customer_name").notNull(),
    customerEmail: text("customer_email").notNull(),
    customerPhone: text("customer_phone"),
    specialRequirements: text("special_requirements"),
    googleCalendarEventId: text("google_calendar_event_id"),
    adminNotes: text("admin_notes"),
    // Calendar sync (migrations/0003_outbox_email_calendar.sql, docs/decisions/0007-calendar-sync.md).
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    calendarChecked: integer("calendar_checked", { mode: "boolean" }).notNull().default(true),
    calendarEventStartsAt: integer("calendar_event_starts_at"),
    calendarEventEndsAt: integer("calendar_event_ends_at"),
    // Personal fields erased (migrations/0007_launch.sql, docs/decisions/0022).
    erasedAt: integer("erased_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("consultations_status").on(t.status),
    index("consultations_consultation_date").on(t.consultationDate),
    index("consultations_customer_email").on(t.customerEmail),
    index("consultations_google_calendar_event_id").on(t.googleCalendarEventId),
    uniqueIndex("consultations_one_active_per_start")
      .on(t.consultationDate)
      .where(sql`status = 'scheduled'`),
  ],
);

export type ConsultationRow = typeof consultations.$inferSelect;
export type NewConsultationRow = typeof consultations.$inferInsert;

export const consultationStatusHistory = sqliteTable("consultation_status_history", {
  id: text("id").primaryKey(),
  consultationId: text("consultation_id").notNull(),
  fromStatus: text("from_status"),
  toStatus: text("to_status").notNull(),
  actor: text("actor", { enum: ["client", "studio", "system"] }).notNull(),
  actorDetail: text("actor_detail"),
  reason: text("reason"),
  createdAt: integer("created_at").notNull(),
});

export const idempotencyKeys = sqliteTable("idempotency_keys", {
  key: text("key").primaryKey(),
  requestHash: text("request_hash").notNull(),
  state: text("state", { enum: ["pending", "done"] }).notNull(),
  responseStatus: integer("response_status"),
  responseBody: text("response_body"),
  createdAt: integer("created_at").notNull(),
});

// --- Admin sign-in (migrations/0002_admin_auth.sql) ---

export const admins = sqliteTable("admins", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
  lastSignInAt: integer("last_sign_in_at"),
});

export type AdminRow = typeof admins.$inferSelect;

export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    key: text("key").primaryKey(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [index("sign_in_attempts_window_start").on(t.windowStart)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    adminId: text("admin_id").notNull(),
    name: text("name").notNull(),
    tokenPrefix: text("token_prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("api_tokens_admin").on(t.adminId)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;

// --- Admin operations (migrations/0004_admin_ops.sql) ---

export const availabilityClosures = sqliteTable(
  "availability_closures",
  {
    id: text("id").primaryKey(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    allDay: integer("all_day", { mode: "boolean" }).notNull().default(false),
    reason: text("reason").notNull(),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("availability_closures_ends_at").on(t.endsAt, t.startsAt)],
);

export type ClosureRow = typeof availabilityClosures.$inferSelect;

export const CONSULTATION_CHANGE_KINDS = ["details", "notes", "rescheduled"] as const;

export const consultationChanges = sqliteTable(
  "consultation_changes",
  {
    id: text("id").primaryKey(),
    consultationId: text("consultation_id").notNull(),
    kind: text("kind", { enum: CONSULTATION_CHANGE_KINDS }).notNull(),
    actor: text("actor", { enum: ["client", "studio", "system"] }).notNull(),
    actorDetail: text("actor_detail"),
    summary: text("summary").notNull(),
    previousStartsAt: integer("previous_starts_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("consultation_changes_consultation").on(t.consultationId, t.createdAt)],
);

export type ConsultationChangeRow = typeof consultationChanges.$inferSelect;

// --- Outbox, email and calendar sync (migrations/0003_outbox_email_calendar.sql) ---

export const OUTBOX_JOB_KINDS = [
  "calendar.create",
  "calendar.patch",
  "calendar.delete",
  "email.confirmation",
  "email.reschedule",
  "email.cancellation",
  "email.reminder",
  "email.follow_up",
] as const;
export type OutboxJobKind = (typeof OUTBOX_JOB_KINDS)[number];
export const OUTBOX_JOB_STATUSES = ["pending", "running", "done", "dead", "cancelled"] as const;
export type OutboxJobStatus = (typeof OUTBOX_JOB_STATUSES)[number];

export const outboxJobs = sqliteTable(
  "outbox_jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: OUTBOX_JOB_KINDS }).notNull(),
    consultationId: text("consultation_id").notNull(),
    payload: text("payload").notNull().default("{}"),
    runAt: integer("run_at").notNull(),
    status: text("status", { enum: OUTBOX_JOB_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(10),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    result: text("result"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    doneAt: integer("done_at"),
  },
  (t) => [
    index("outbox_jobs_due").on(t.status, t.runAt),
    index("outbox_jobs_consultation").on(t.consultationId, t.kind, t.status),
  ],
);
export type OutboxJobRow = typeof outboxJobs.$inferSelect;

export const emailMessages = sqliteTable(
  "email_messages",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id").unique(),
    consultationId: text("consultation_id").notNull(),
    kind: text("kind", { enum: ["confirmation", "reschedule", "cancellation", "reminder", "follow_up"] }).notNull(),
    recipient: text("recipient").notNull(),
    provider: text("provider", { enum: ["sendgrid", "resend", "local", "none"] }).notNull(),
    providerMessageId: text("provider_message_id"),
    // sent | suppressed | skipped | processed | deferred | delivered | bounced | dropped | spam_report | unsubscribed | opened | clicked
    status: text("status").notNull(),
    subject: text("subject"),
    html: text("html"),
    text: text("text"),
    ics: text("ics"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("email_messages_consultation").on(t.consultationId, t.createdAt),
    index("email_messages_provider_message_id").on(t.providerMessageId),
    index("email_messages_provider_created").on(t.provider, t.createdAt),
  ],
);
export type EmailMessageRow = typeof emailMessages.$inferSelect;

export const emailEvents = sqliteTable(
  "email_events",
  {
    sgEventId: text("sg_event_id").primaryKey(),
    messageId: text("message_id"),
    event: text("event").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    raw: text("raw").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [index("email_events_message").on(t.messageId, t.occurredAt)],
);

export const SUPPRESSION_REASONS = ["unsubscribe", "bounce", "spamreport"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export const emailSuppressions = sqliteTable("email_suppressions", {
  email: text("email").primaryKey(),
  reason: text("reason", { enum: SUPPRESSION_REASONS }).notNull(),
  createdAt: integer("created_at").notNull(),
});

export const localCalendarEvents = sqliteTable(
  "local_calendar_events",
  {
    id: text("id").primaryKey(),
    consultationId: text("consultation_id"),
    summary: text("summary").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    status: text("status", { enum: ["confirmed", "cancelled"] }).notNull().default("confirmed"),
    sequence: integer("sequence").notNull().default(0),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("local_calendar_events_time").on(t.endsAt, t.startsAt)],
);
export type LocalCalendarEventRow = typeof localCalendarEvents.$inferSelect;

export const calendarBusyCache = sqliteTable("calendar_busy_cache", {
  id: text("id").primaryKey(),
  windowFrom: integer("window_from"),
  windowTo: integer("window_to"),
  busy: text("busy"),
  fetchedAt: integer("fetched_at"),
  lastAttemptAt: integer("last_attempt_at").notNull(),
  lastError: text("last_error"),
});

export const calendarSyncState = sqliteTable("calendar_sync_state", {
  id: integer("id").primaryKey(),
  calendar: text("calendar").notNull(),
  lastTokenOkAt: integer("last_token_ok_at"),
  lastApiOkAt: integer("last_api_ok_at"),
  lastApiError: text("last_api_error"),
  lastApiErrorAt: integer("last_api_error_at"),
  lastReconciledAt: integer("last_reconciled_at"),
  outOfSyncCount: integer("out_of_sync_count").notNull().default(0),
  outOfSyncIds: text("out_of_sync_ids").notNull().default("[]"),
  updatedAt: integer("updated_at").notNull(),
});

// --- Launch readiness (migrations/0007_launch.sql) ---

export const SESSION_REVOKE_REASONS = ["signed_out", "ended_by_admin", "signed_out_everywhere", "password_reset"] as const;
export type SessionRevokeReason = (typeof SESSION_REVOKE_REASONS)[number];

export const adminSessions = sqliteTable(
  "admin_sessions",
  {
    id: text("id").primaryKey(),
    adminId: text("admin_id").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    userAgent: text("user_agent"),
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason", { enum: SESSION_REVOKE_REASONS }),
  },
  (t) => [index("admin_sessions_admin").on(t.adminId, t.expiresAt)],
);
export type AdminSessionRow = typeof adminSessions.$inferSelect;

export const dataErasures = sqliteTable(
  "data_erasures",
  {
    id: text("id").primaryKey(),
    consultationId: text("consultation_id").notNull(),
    actor: text("actor", { enum: ["client", "studio", "system"] }).notNull(),
    actorDetail: text("actor_detail"),
    reason: text("reason").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("data_erasures_consultation").on(t.consultationId)],
);
export type DataErasureRow = typeof dataErasures.$inferSelect;
