import type { Db } from "../db/client.server";
import { calendarSyncState } from "../db/schema.server";
import { createCalendarClient, type CalendarClient, type SendUpdates } from "../google/calendar.server";
import { accessTokenGetter } from "../google/service-account.server";
import type { OutboxDeps } from "../outbox/deps.server";
import { createLocalCalendar } from "./local-calendar.server";

// The studio calendar: Google Calendar when GOOGLE_SERVICE_ACCOUNT_JSON and
// GOOGLE_CALENDAR_ID are set, the D1 calendar otherwise. Every Google call is
// recorded in calendar_sync_state (last good token, last good call, last
// error) for the admin dashboard.

export type StudioCalendar = {
  kind: "google" | "local";
  client: CalendarClient;
  /** Google invites the client (attendee + sendUpdates=all) only with domain-wide delegation. */
  googleSendsInvites: boolean;
  sendUpdates: SendUpdates;
};

/** Free/busy sits on the booking page's path: it gets less time than the jobs do. */
export const BUSY_TIMEOUT_MS = 3_000;

export function studioCalendar(deps: OutboxDeps, options: { timeoutMs?: number } = {}): StudioCalendar {
  const google = deps.config.integrations.calendar.google;
  if (!google) {
    return { kind: "local", client: createLocalCalendar(deps.db, deps.now), googleSendsInvites: false, sendUpdates: "none" };
  }
  const timeoutMs = Math.min(options.timeoutMs ?? Infinity, deps.config.integrations.outboundTimeoutMs);
  const getToken = accessTokenGetter({ key: google.serviceAccount, impersonate: google.impersonate, timeoutMs });
  let tokenOkAt: number | undefined;
  const client = createCalendarClient({
    baseUrl: google.baseUrl,
    calendarId: google.calendarId,
    timeoutMs,
    getToken: async () => {
      const token = await getToken();
      tokenOkAt = deps.now();
      return token;
    },
  });
  const invites = Boolean(google.impersonate);
  return {
    kind: "google",
    client: withHealth(client, (outcome) => recordCalendarCall(deps.db, deps.now(), outcome, tokenOkAt)),
    googleSendsInvites: invites,
    sendUpdates: invites ? "all" : "none",
  };
}

type CallOutcome = { ok: true } | { ok: false; status: number; message: string };

function withHealth(client: CalendarClient, record: (outcome: CallOutcome) => Promise<void>): CalendarClient {
  const wrap =
    <A extends unknown[], R extends CallOutcome>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await call(...args);
      await record(result).catch(() => undefined);
      return result;
    };
  return {
    insertEvent: wrap(client.insertEvent),
    patchEvent: wrap(client.patchEvent),
    deleteEvent: wrap(client.deleteEvent),
    getEvent: wrap(client.getEvent),
    freeBusy: wrap(client.freeBusy),
  };
}

export async function recordCalendarCall(db: Db, now: number, outcome: CallOutcome, tokenOkAt?: number): Promise<void> {
  const error = outcome.ok ? null : `${outcome.status ? `${outcome.status}: ` : ""}${outcome.message}`.slice(0, 500);
  const token = tokenOkAt === undefined ? {} : { lastTokenOkAt: tokenOkAt };
  const result = outcome.ok ? { lastApiOkAt: now } : { lastApiError: error, lastApiErrorAt: now };
  await db
    .insert(calendarSyncState)
    .values({ id: 1, calendar: "google", ...token, ...result, updatedAt: now })
    .onConflictDoUpdate({
      target: calendarSyncState.id,
      set: {
        calendar: "google",
        ...token,
        ...result,
        updatedAt: now,
      },
    });
}
