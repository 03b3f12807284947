// A real D1 (Miniflare, in workerd) with the migrations applied, driven from
// Node with drizzle: the outbox code runs here exactly as in the worker, with
// fetch going to the fake Google / SendGrid servers.
import { Miniflare } from "miniflare";
import { drizzle } from "drizzle-orm/d1";
import { schema, type Db } from "~/server/db/client.server";
import { parseConfig, type AppConfig } from "~/server/env.server";
import type { Logger } from "~/server/log.server";
import type { OutboxDeps } from "~/server/outbox/deps.server";
import { applyMigrations, BASE_VARS } from "../../integration/harness";

export type TestDb = { mf: Miniflare; db: Db; d1: D1Database; dispose: () => Promise<void> };

export async function startDb(): Promise<TestDb> {
  const mf = new Miniflare({ modules: true, script: "export default { fetch() { return new Response('') } }", d1Databases: { DB: "unit" } });
  const d1 = (await mf.getD1Database("DB")) as unknown as D1Database;
  await applyMigrations(d1 as never);
  return { mf, d1, db: drizzle(d1, { schema }) as unknown as Db, dispose: () => mf.dispose() };
}

export const quietLog: Logger = { requestId: "test", info() {}, warn() {}, error() {} };

export function testConfig(vars: Record<string, string> = {}): AppConfig {
  return parseConfig({ ...BASE_VARS, ...vars });
}

export function deps(db: Db, config: AppConfig, now: () => number = Date.now): OutboxDeps {
  return { db, config, log: quietLog, now };
}

let counter = 0;
/** A consultation row (as the booking writes it) starting at `startsAt`. */
export function consultationRow(startsAt: number, now: number, overrides: Partial<typeof schema.consultations.$inferInsert> = {}) {
  counter++;
  return {
    id: crypto.randomUUID(),
    projectName: `Night, Drive; Vol\\${counter}`,
    projectDescription: "A synthwave EP.\nNeeds mixing.",
    genre: "Electronic",
    bpm: 118,
    communicationPreference: "call",
    consultationDate: startsAt,
    durationMinutes: 15,
    timeZone: "America/New_York",
    status: "scheduled" as const,
    customerName: "Ada Lovelace",
    customerEmail: `ada${counter}@example.com`,
    customerPhone: "+442079460958",
    specialRequirements: null,
    googleCalendarEventId: null,
    adminNotes: null,
    calendarSequence: 0,
    calendarChecked: true,
    calendarEventStartsAt: null,
    calendarEventEndsAt: null,
    sourcePage: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    locale: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
