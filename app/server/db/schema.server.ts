import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Mirrors migrations/*.sql, which are the source of truth for the database.
// Instants are UTC epoch milliseconds.

import { CONSULTATION_STATUSES } from "~/domain/consultation";
import { EMAIL_KINDS, SERVICE_EMAIL_KINDS } from "../email/types";

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
    // Where the booking came from (migrations/0008_embed_webhooks.sql, docs/decisions/0038).
    sourcePage: text("source_page"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    // The client's locale for dates, times and prices in emails (docs/decisions/0037).
    locale: text("locale"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("consultations_status").on(t.status),
    index("consultations_consultation_date").on(t.consultationDate),
    index("consultations_customer_email").on(t.customerEmail),
    index("consultations_google_calendar_event_id").on(t.googleCalendarEventId),
    index("consultations_source_page").on(t.sourcePage, t.createdAt),
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
  // After the consultation (app/server/notifications/service-emails.server.ts).
  "email.request_received",
  "email.request_copy",
  "email.quote_sent",
  "email.quote_accepted",
  "email.quote_accepted_studio",
  "email.quote_declined_studio",
  "email.milestone",
  // A signed POST to one of the studio's webhook endpoints (app/server/webhooks/).
  "webhook.deliver",
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
    index("outbox_jobs_kind_created").on(t.kind, t.createdAt),
  ],
);
export type OutboxJobRow = typeof outboxJobs.$inferSelect;

export const emailMessages = sqliteTable(
  "email_messages",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id").unique(),
    consultationId: text("consultation_id").notNull(),
    kind: text("kind", { enum: [...EMAIL_KINDS, ...SERVICE_EMAIL_KINDS] }).notNull(),
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

// --- After the consultation: feedback, catalogue, requests, quotes, projects (migrations/0005_services.sql) ---
// Money is integer minor units; rates are basis points (docs/decisions/0014-money-model.md).

export const consultationFeedback = sqliteTable(
  "consultation_feedback",
  {
    consultationId: text("consultation_id").primaryKey(),
    rating: integer("rating").notNull(),
    comment: text("comment"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("consultation_feedback_rating").on(t.rating), index("consultation_feedback_created").on(t.createdAt)],
);
export type ConsultationFeedbackRow = typeof consultationFeedback.$inferSelect;

export const CATALOGUE_KINDS = ["package", "addon"] as const;
export const CATALOGUE_PRICINGS = ["package", "flat", "per_track", "percent"] as const;

export const catalogueItems = sqliteTable(
  "catalogue_items",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: CATALOGUE_KINDS }).notNull(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    pricing: text("pricing", { enum: CATALOGUE_PRICINGS }).notNull(),
    baseMinor: integer("base_minor").notNull().default(0),
    perTrackMinor: integer("per_track_minor").notNull().default(0),
    percentBp: integer("percent_bp").notNull().default(0),
    turnaroundDays: integer("turnaround_days").notNull().default(0),
    turnaroundDaysSaved: integer("turnaround_days_saved").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("catalogue_items_kind").on(t.kind, t.active, t.sortOrder)],
);
export type CatalogueItemRow = typeof catalogueItems.$inferSelect;

export const SERVICE_REQUEST_STATUSES = ["submitted", "quoted", "accepted", "declined", "withdrawn"] as const;
export type ServiceRequestStatus = (typeof SERVICE_REQUEST_STATUSES)[number];

export const serviceRequests = sqliteTable(
  "service_requests",
  {
    id: text("id").primaryKey(),
    consultationId: text("consultation_id").notNull(),
    status: text("status", { enum: SERVICE_REQUEST_STATUSES }).notNull().default("submitted"),
    packageId: text("package_id").notNull(),
    addonIds: text("addon_ids").notNull().default("[]"), // JSON string[]
    trackCount: integer("track_count").notNull(),
    fileLinks: text("file_links").notNull().default("[]"), // JSON string[]
    wishedDeadline: text("wished_deadline"), // studio date YYYY-MM-DD
    notes: text("notes"),
    estimateTotalMinor: integer("estimate_total_minor").notNull(),
    estimateJson: text("estimate_json").notNull(), // the priced selection as computed when sent
    currency: text("currency").notNull(),
    submissionKey: text("submission_key").unique(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("service_requests_consultation").on(t.consultationId, t.createdAt),
    index("service_requests_created").on(t.createdAt),
  ],
);
export type ServiceRequestRow = typeof serviceRequests.$inferSelect;

export const quoteCounters = sqliteTable("quote_counters", {
  year: integer("year").primaryKey(),
  lastNumber: integer("last_number").notNull(),
});

export const QUOTE_ROW_STATUSES = ["draft", "sent", "accepted", "declined", "superseded", "expired"] as const;

export const quotes = sqliteTable(
  "quotes",
  {
    id: text("id").primaryKey(),
    serviceRequestId: text("service_request_id").notNull(),
    consultationId: text("consultation_id").notNull(),
    number: text("number").unique(),
    status: text("status", { enum: QUOTE_ROW_STATUSES }).notNull().default("draft"),
    supersedesId: text("supersedes_id"),
    message: text("message"),
    paymentTerms: text("payment_terms"),
    currency: text("currency").notNull(),
    taxRateBp: integer("tax_rate_bp").notNull(),
    discountMinor: integer("discount_minor").notNull().default(0),
    turnaroundDays: integer("turnaround_days").notNull(),
    validDays: integer("valid_days").notNull().default(14),
    sentAt: integer("sent_at"),
    expiresAt: integer("expires_at"),
    sentBy: text("sent_by"),
    acceptedName: text("accepted_name"),
    acceptedAt: integer("accepted_at"),
    acceptedTotalMinor: integer("accepted_total_minor"),
    acceptedSnapshot: text("accepted_snapshot"), // JSON: the exact quote as the client accepted it
    chosenOptional: text("chosen_optional"), // JSON number[]: positions of optional lines ticked
    declinedAt: integer("declined_at"),
    declineReason: text("decline_reason"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("quotes_request").on(t.serviceRequestId, t.createdAt),
    index("quotes_consultation").on(t.consultationId),
    index("quotes_status_sent").on(t.status, t.sentAt),
    uniqueIndex("quotes_one_sent_per_request")
      .on(t.serviceRequestId)
      .where(sql`status = 'sent'`),
  ],
);
export type QuoteRow = typeof quotes.$inferSelect;

export const quoteLines = sqliteTable(
  "quote_lines",
  {
    id: text("id").primaryKey(),
    quoteId: text("quote_id").notNull(),
    position: integer("position").notNull(),
    catalogueItemId: text("catalogue_item_id"),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitMinor: integer("unit_minor").notNull(),
    optional: integer("optional", { mode: "boolean" }).notNull().default(false),
    turnaroundDaysSaved: integer("turnaround_days_saved").notNull().default(0),
  },
  (t) => [uniqueIndex("quote_lines_quote_id_position_unique").on(t.quoteId, t.position)],
);
export type QuoteLineRow = typeof quoteLines.$inferSelect;

export const PROJECT_STATUSES = ["awaiting_files", "in_progress", "delivered", "cancelled"] as const;

export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    quoteId: text("quote_id").notNull().unique(),
    consultationId: text("consultation_id").notNull(),
    status: text("status", { enum: PROJECT_STATUSES }).notNull().default("awaiting_files"),
    turnaroundDays: integer("turnaround_days").notNull(),
    filesReceivedAt: integer("files_received_at"),
    dueDate: text("due_date"), // studio date YYYY-MM-DD
    totalMinor: integer("total_minor").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("projects_consultation").on(t.consultationId), index("projects_status").on(t.status, t.createdAt)],
);
export type ProjectRow = typeof projects.$inferSelect;

export const MILESTONE_KINDS = ["files_received", "first_version", "revisions", "final_delivery"] as const;

export const projectMilestones = sqliteTable(
  "project_milestones",
  {
    projectId: text("project_id").notNull(),
    kind: text("kind", { enum: MILESTONE_KINDS }).notNull(),
    position: integer("position").notNull(),
    doneAt: integer("done_at"),
    doneBy: text("done_by"),
    note: text("note"),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.kind] })],
);
export type ProjectMilestoneRow = typeof projectMilestones.$inferSelect;

export const projectEvents = sqliteTable(
  "project_events",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    milestone: text("milestone").notNull(),
    actorDetail: text("actor_detail"),
    note: text("note"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("project_events_project").on(t.projectId, t.createdAt)],
);
export type ProjectEventRow = typeof projectEvents.$inferSelect;

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
// --- The studio's website: webhooks and where bookings come from (migrations/0008_embed_webhooks.sql) ---

export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    url: text("url").notNull(),
    description: text("description"),
    events: text("events").notNull().default("[]"), // JSON WebhookEventType[]
    secret: text("secret").notNull(),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    disabledAt: integer("disabled_at"),
  },
  (t) => [index("webhook_endpoints_active").on(t.disabledAt, t.createdAt)],
);
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id").notNull(),
    endpointId: text("endpoint_id").notNull(),
    eventId: text("event_id").notNull(),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("webhook_attempts_job").on(t.jobId, t.createdAt)],
);
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

export const embedDailyCounts = sqliteTable(
  "embed_daily_counts",
  {
    day: text("day").notNull(), // studio date YYYY-MM-DD
    page: text("page").notNull(),
    views: integer("views").notNull().default(0),
    opens: integer("opens").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.page] })],
);
