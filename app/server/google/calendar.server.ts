import type { calendar_v3 } from "@googleapis/calendar";
import {
  DEFAULT_TIMEOUT_MS,
  errorMessage,
  failureFromResponse,
  fetchWithTimeout,
  safeJson,
  type FetchLike,
  type ProviderFailure,
} from "../email/provider-call.server";
import { AccessTokenError } from "./service-account.server";

export type CalendarResult<T> = { ok: true; data: T } | ProviderFailure;

/** Who Google emails about the change; we send our own mail, so usually "none". */
export type SendUpdates = "all" | "externalOnly" | "none";

export type BusyInterval = { startsAt: number; endsAt: number }; // epoch ms

export type CalendarClientConfig = {
  baseUrl?: string;
  calendarId: string;
  getToken: () => Promise<string>;
  fetch?: FetchLike;
  timeoutMs?: number;
};

type ApiRequest = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
};

/** Google signals quota exhaustion with 403 + these reasons as well as with 429. */
const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);

/**
 * The only module that speaks Google Calendar REST v3. Every method answers a
 * result instead of throwing, so the job runner decides about retries.
 */
export function createCalendarClient(config: CalendarClientConfig) {
  const baseUrl = (config.baseUrl ?? "https://www.googleapis.com/calendar/v3").replace(/\/+$/, "");
  const calendarPath = `/calendars/${encodeURIComponent(config.calendarId)}`;
  const eventPath = (eventId: string) => `${calendarPath}/events/${encodeURIComponent(eventId)}`;

  async function call(req: ApiRequest): Promise<{ ok: true; response: Response; body: unknown } | ProviderFailure> {
    let token: string;
    try {
      token = await config.getToken();
    } catch (error) {
      if (error instanceof AccessTokenError) return error.failure;
      return { ok: false, status: 0, message: `could not get an access token: ${errorMessage(error)}`, retryable: true };
    }
    const url = `${baseUrl}${req.path}${req.query ? `?${new URLSearchParams(req.query)}` : ""}`;
    const result = await fetchWithTimeout(
      config.fetch ?? fetch,
      url,
      {
        method: req.method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(req.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      },
      config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (!result.ok) return result;
    return { ok: true, response: result.response, body: safeJson(result.bodyText) };
  }

  return {
    /**
     * A 409 means an event with this id already exists: a retry of our own
     * insert. `data` is then the event as we sent it (use getEvent for Google's copy).
     */
    async insertEvent(
      event: calendar_v3.Schema$Event,
      options: { sendUpdates: SendUpdates },
    ): Promise<{ ok: true; data: calendar_v3.Schema$Event; alreadyExisted: boolean } | ProviderFailure> {
      const res = await send({ method: "POST", path: `${calendarPath}/events`, query: { sendUpdates: options.sendUpdates }, body: event });
      if (!res.ok) return res.failure.status === 409 ? { ok: true, data: event, alreadyExisted: true } : res.failure;
      return { ok: true, data: res.body as calendar_v3.Schema$Event, alreadyExisted: false };
    },

    async patchEvent(
      eventId: string,
      patch: calendar_v3.Schema$Event,
      options: { sendUpdates: SendUpdates },
    ): Promise<CalendarResult<calendar_v3.Schema$Event>> {
      const res = await send({ method: "PATCH", path: eventPath(eventId), query: { sendUpdates: options.sendUpdates }, body: patch });
      return res.ok ? { ok: true, data: res.body as calendar_v3.Schema$Event } : res.failure;
    },

    /** 404/410 mean the event is already gone, which is what we wanted. */
    async deleteEvent(eventId: string, options: { sendUpdates: SendUpdates }): Promise<CalendarResult<{ alreadyGone: boolean }>> {
      const res = await send({ method: "DELETE", path: eventPath(eventId), query: { sendUpdates: options.sendUpdates } });
      if (res.ok) return { ok: true, data: { alreadyGone: false } };
      if (res.failure.status === 404 || res.failure.status === 410) return { ok: true, data: { alreadyGone: true } };
      return res.failure;
    },

    async getEvent(eventId: string): Promise<CalendarResult<calendar_v3.Schema$Event>> {
      const res = await send({ method: "GET", path: eventPath(eventId) });
      return res.ok ? { ok: true, data: res.body as calendar_v3.Schema$Event } : res.failure;
    },

    /**
     * Busy intervals of this calendar. A 200 whose calendar entry carries
     * errors (e.g. notFound, backendError) means Google could not tell:
     * treating that as "free" would double-book the studio.
     */
    async freeBusy(range: { timeMin: number; timeMax: number }): Promise<CalendarResult<BusyInterval[]>> {
      const body: calendar_v3.Schema$FreeBusyRequest = {
        timeMin: new Date(range.timeMin).toISOString(),
        timeMax: new Date(range.timeMax).toISOString(),
        items: [{ id: config.calendarId }],
      };
      const res = await send({ method: "POST", path: "/freeBusy", body });
      if (!res.ok) return res.failure;
      const answer = res.body as calendar_v3.Schema$FreeBusyResponse | undefined;
      const calendar = answer?.calendars?.[config.calendarId];
      if (!calendar) {
        return { ok: false, status: 200, message: "freeBusy answer has no entry for the calendar", retryable: true };
      }
      if (calendar.errors?.length) {
        const reasons = calendar.errors.map((e) => e.reason ?? "unknown").join(", ");
        return { ok: false, status: 200, message: `freeBusy could not read the calendar: ${reasons}`, retryable: true };
      }
      const busy: BusyInterval[] = [];
      for (const period of calendar.busy ?? []) {
        const startsAt = Date.parse(period.start ?? "");
        const endsAt = Date.parse(period.end ?? "");
        if (Number.isNaN(startsAt) || Number.isNaN(endsAt)) {
          return { ok: false, status: 200, message: "freeBusy answer has an unreadable busy period", retryable: true };
        }
        busy.push({ startsAt, endsAt });
      }
      return { ok: true, data: busy };
    },
  };

  async function send(req: ApiRequest): Promise<{ ok: true; body: unknown } | { ok: false; failure: ProviderFailure }> {
    const res = await call(req);
    if (!res.ok) return { ok: false, failure: res };
    if (res.response.ok) return { ok: true, body: res.body };
    return { ok: false, failure: googleFailure(res.response, res.body) };
  }
}

export type CalendarClient = ReturnType<typeof createCalendarClient>;

type GoogleErrorBody = { error?: { message?: string; errors?: { reason?: string; message?: string }[] } };

function googleFailure(response: Response, body: unknown): ProviderFailure {
  const error = (body as GoogleErrorBody | undefined)?.error;
  const reasons = (error?.errors ?? []).map((e) => e.reason).filter((r): r is string => typeof r === "string");
  const rateLimited = response.status === 403 && reasons.some((r) => RATE_LIMIT_REASONS.has(r));
  const message = `Google Calendar answered ${response.status}${error?.message ? `: ${error.message}` : ""}`;
  return failureFromResponse(response, message, rateLimited ? { retryable: true } : {});
}
