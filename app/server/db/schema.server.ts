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
