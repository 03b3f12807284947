/**
 * A fake Google (OAuth token endpoint + Calendar v3 subset) as a real HTTP
 * server on 127.0.0.1, strict where Google is strict: signed JWTs, event id
 * charset, 409 on reused ids (even deleted ones), 410 on double delete.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { calendar_v3 } from "@googleapis/calendar";
import { importSPKI, jwtVerify } from "jose";
import {
  bearerToken,
  FaultBook,
  listen,
  queryOf,
  readBody,
  retryAfterHeader,
  sendJson,
  type Fault,
  type RecordedRequest,
} from "./http";

export type GoogleRoute = "token" | "events.insert" | "events.get" | "events.patch" | "events.delete" | "freeBusy";

export type FakeServiceAccountKey = {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
};

export type FakeCalendar = {
  events: Map<string, calendar_v3.Schema$Event>;
  /** Extra busy blocks (RFC 3339), as if other calendars' meetings were here. */
  busy: calendar_v3.Schema$TimePeriod[];
  /** When non-empty, freeBusy reports these instead of busy times. */
  freeBusyErrors: calendar_v3.Schema$Error[];
};

export type FakeGoogleState = {
  requests: RecordedRequest[];
  calendars: Map<string, FakeCalendar>;
  tokens: Map<string, { sub?: string; expiresAt: number }>;
};

export type FakeGoogle = {
  url: string;
  serviceAccountKey: FakeServiceAccountKey;
  calendarId: string;
  state: FakeGoogleState;
  setFault: (fault: Fault<GoogleRoute>) => void;
  clearFaults: () => void;
  addBusy: (start: string, end: string, calendarId?: string) => void;
  setFreeBusyErrors: (errors: calendar_v3.Schema$Error[], calendarId?: string) => void;
  close: () => Promise<void>;
};

const CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

export async function startFakeGoogle(options: { port?: number; calendarId?: string } = {}): Promise<FakeGoogle> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const verifyKey = await importSPKI(publicKey, "RS256");
  const calendarId = options.calendarId ?? "studio-fake@group.calendar.google.com";
  const state: FakeGoogleState = {
    requests: [],
    calendars: new Map([[calendarId, { events: new Map(), busy: [], freeBusyErrors: [] }]]),
    tokens: new Map(),
  };
  const faults = new FaultBook<GoogleRoute>();
  // Filled in once the port is known; the handler only runs after that.
  const key = {} as FakeServiceAccountKey;

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(req);
    const match = route(req.method ?? "GET", url.pathname);
    const record: RecordedRequest = {
      route: match?.route ?? "unknown",
      method: req.method ?? "GET",
      path: url.pathname,
      query: queryOf(url),
      headers: { authorization: req.headers.authorization, "content-type": req.headers["content-type"] },
      body: parseBody(rawBody, req.headers["content-type"]),
    };
    state.requests.push(record);
    if (!match) return googleError(res, 404, "Not Found", "notFound");

    const fault = faults.take(match.route);
    if (fault) {
      record.fault = fault.mode;
      return answerFault(res, fault, match.route, server.hang);
    }

    if (match.route === "token") return handleToken(res, record.body);

    const token = state.tokens.get(bearerToken(req) ?? "");
    if (!token || token.expiresAt <= Date.now()) {
      return googleError(res, 401, "Request had invalid authentication credentials.", "authError", "UNAUTHENTICATED");
    }
    if (match.route === "freeBusy") return handleFreeBusy(res, record.body);

    const sendUpdates = record.query.sendUpdates;
    if (sendUpdates !== undefined && !["all", "externalOnly", "none"].includes(sendUpdates)) {
      return googleError(res, 400, `Invalid value for: sendUpdates: ${sendUpdates}`, "invalidParameter");
    }
    const calendar = state.calendars.get(match.calendarId ?? "");
    if (!calendar) return googleError(res, 404, "Not Found", "notFound");
    const body = record.body as calendar_v3.Schema$Event | undefined;
    switch (match.route) {
      case "events.insert":
        return handleInsert(res, calendar, match.calendarId!, body, token.sub);
      case "events.get":
        return handleGet(res, calendar, match.eventId!);
      case "events.patch":
        return handlePatch(res, calendar, match.eventId!, body, token.sub);
      case "events.delete":
        return handleDelete(res, calendar, match.eventId!);
    }
  }, options.port);

  Object.assign(key, {
    type: "service_account",
    project_id: "fake-project",
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey,
    client_email: "booking-bot@fake-project.iam.gserviceaccount.com",
    client_id: "100000000000000000000",
    auth_uri: `${server.url}/o/oauth2/auth`,
    token_uri: `${server.url}/token`,
  } satisfies FakeServiceAccountKey);

  async function handleToken(res: ServerResponse, body: unknown): Promise<void> {
    const form = (body ?? {}) as Record<string, string>;
    if (form.grant_type !== JWT_BEARER) {
      return sendJson(res, 400, { error: "unsupported_grant_type", error_description: `Invalid grant_type: ${form.grant_type ?? ""}` });
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(form.assertion ?? "", verifyKey, {
        algorithms: ["RS256"],
        issuer: key.client_email,
        audience: key.token_uri,
        requiredClaims: ["iat", "exp"],
      }));
    } catch (error) {
      const description = (error as { code?: string }).code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
        ? "Invalid JWT Signature."
        : `Invalid JWT: ${(error as Error).message}`;
      return sendJson(res, 400, { error: "invalid_grant", error_description: description });
    }
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    if (!scopes.includes(CALENDAR_SCOPE)) {
      return sendJson(res, 400, { error: "invalid_scope", error_description: "Invalid OAuth scope or ID token audience provided." });
    }
    if (payload.exp! - payload.iat! > 3600 || payload.iat! > Date.now() / 1000 + 300) {
      return sendJson(res, 400, {
        error: "invalid_grant",
        error_description: "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
      });
    }
    const accessToken = `ya29.fake-${randomBytes(16).toString("hex")}`;
    state.tokens.set(accessToken, {
      ...(typeof payload.sub === "string" ? { sub: payload.sub } : {}),
      expiresAt: Date.now() + 3600_000,
    });
    return sendJson(res, 200, { access_token: accessToken, expires_in: 3600, token_type: "Bearer" });
  }

  function handleInsert(
    res: ServerResponse,
    calendar: FakeCalendar,
    calendarId: string,
    body: calendar_v3.Schema$Event | undefined,
    sub: string | undefined,
  ): void {
    if (!body || typeof body !== "object") return googleError(res, 400, "Bad Request", "badRequest");
    const id = body.id ?? randomBytes(13).toString("hex");
    if (!EVENT_ID.test(id)) return googleError(res, 400, "Invalid resource id value.", "invalid");
    // Google keeps deleted events around: their ids can never be used again.
    if (calendar.events.has(id)) return googleError(res, 409, "The requested identifier already exists.", "duplicate");
    const timeError = checkTimes(body);
    if (timeError) return googleError(res, 400, timeError, "invalid");
    if (body.attendees?.length && !sub) {
      return googleError(
        res,
        403,
        "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority.",
        "forbiddenForServiceAccounts",
      );
    }
    const now = new Date().toISOString();
    const event: calendar_v3.Schema$Event = {
      ...body,
      kind: "calendar#event",
      id,
      etag: `"${Date.now()}"`,
      status: body.status ?? "confirmed",
      htmlLink: `https://calendar.google.com/calendar/event?eid=${id}`,
      created: now,
      updated: now,
      sequence: 0,
      iCalUID: `${id}@google.com`,
      organizer: { email: calendarId, self: true },
      creator: { email: sub ?? key.client_email },
    };
    calendar.events.set(id, event);
    sendJson(res, 200, event);
  }

  function handleGet(res: ServerResponse, calendar: FakeCalendar, eventId: string): void {
    const event = calendar.events.get(eventId);
    // Deleted events stay readable with status "cancelled", as on Google.
    if (!event) return googleError(res, 404, "Not Found", "notFound");
    sendJson(res, 200, event);
  }

  function handlePatch(
    res: ServerResponse,
    calendar: FakeCalendar,
    eventId: string,
    patch: calendar_v3.Schema$Event | undefined,
    sub: string | undefined,
  ): void {
    const event = calendar.events.get(eventId);
    if (!event) return googleError(res, 404, "Not Found", "notFound");
    if (event.status === "cancelled") return googleError(res, 410, "Resource has been deleted", "deleted");
    if (!patch || typeof patch !== "object") return googleError(res, 400, "Bad Request", "badRequest");
    if (patch.id !== undefined && patch.id !== eventId) return googleError(res, 400, "Invalid resource id value.", "invalid");
    const merged = deepMerge(event, patch) as calendar_v3.Schema$Event;
    const timeError = checkTimes(merged);
    if (timeError) return googleError(res, 400, timeError, "invalid");
    if (patch.attendees?.length && !sub) {
      return googleError(
        res,
        403,
        "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority.",
        "forbiddenForServiceAccounts",
      );
    }
    const moved = JSON.stringify([event.start, event.end]) !== JSON.stringify([merged.start, merged.end]);
    const updated: calendar_v3.Schema$Event = {
      ...merged,
      etag: `"${Date.now()}"`,
      updated: new Date().toISOString(),
      sequence: (event.sequence ?? 0) + (moved ? 1 : 0),
    };
    calendar.events.set(eventId, updated);
    sendJson(res, 200, updated);
  }

  function handleDelete(res: ServerResponse, calendar: FakeCalendar, eventId: string): void {
    const event = calendar.events.get(eventId);
    if (!event) return googleError(res, 404, "Not Found", "notFound");
    if (event.status === "cancelled") return googleError(res, 410, "Resource has been deleted", "deleted");
    calendar.events.set(eventId, { ...event, status: "cancelled", updated: new Date().toISOString() });
    res.writeHead(204).end();
  }

  function handleFreeBusy(res: ServerResponse, body: unknown): void {
    const request = (body ?? {}) as calendar_v3.Schema$FreeBusyRequest;
    const timeMin = Date.parse(request.timeMin ?? "");
    const timeMax = Date.parse(request.timeMax ?? "");
    if (Number.isNaN(timeMin)) return googleError(res, 400, "Missing timeMin parameter.", "required");
    if (Number.isNaN(timeMax)) return googleError(res, 400, "Missing timeMax parameter.", "required");
    if (timeMax < timeMin) return googleError(res, 400, "The specified time range is empty.", "timeRangeEmpty");
    const calendars: Record<string, calendar_v3.Schema$FreeBusyCalendar> = {};
    for (const item of request.items ?? []) {
      const id = item.id ?? "";
      const calendar = state.calendars.get(id);
      if (!calendar) {
        calendars[id] = { errors: [{ domain: "global", reason: "notFound" }], busy: [] };
      } else if (calendar.freeBusyErrors.length) {
        calendars[id] = { errors: calendar.freeBusyErrors, busy: [] };
      } else {
        calendars[id] = { busy: busyPeriods(calendar, timeMin, timeMax) };
      }
    }
    sendJson(res, 200, {
      kind: "calendar#freeBusy",
      timeMin: new Date(timeMin).toISOString(),
      timeMax: new Date(timeMax).toISOString(),
      calendars,
    } satisfies calendar_v3.Schema$FreeBusyResponse);
  }

  return {
    url: server.url,
    serviceAccountKey: key,
    calendarId,
    state,
    setFault: (fault) => faults.set(fault),
    clearFaults: () => faults.clear(),
    addBusy: (start, end, id = calendarId) => {
      state.calendars.get(id)?.busy.push({ start, end });
    },
    setFreeBusyErrors: (errors, id = calendarId) => {
      const calendar = state.calendars.get(id);
      if (calendar) calendar.freeBusyErrors = errors;
    },
    close: server.close,
  };
}

type Match = { route: GoogleRoute; calendarId?: string; eventId?: string };

function route(method: string, pathname: string): Match | undefined {
  if (method === "POST" && pathname === "/token") return { route: "token" };
  if (method === "POST" && pathname === "/calendar/v3/freeBusy") return { route: "freeBusy" };
  const events = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(pathname);
  if (!events) return undefined;
  const calendarId = decodeURIComponent(events[1]!);
  const eventId = events[2] === undefined ? undefined : decodeURIComponent(events[2]);
  if (eventId === undefined) return method === "POST" ? { route: "events.insert", calendarId } : undefined;
  const byMethod: Record<string, GoogleRoute> = { GET: "events.get", PATCH: "events.patch", DELETE: "events.delete" };
  const name = byMethod[method];
  return name ? { route: name, calendarId, eventId } : undefined;
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === "") return undefined;
  if (contentType?.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw).entries());
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Google's error envelope, so clients parse the same shape they'd see live. */
function googleError(res: ServerResponse, code: number, message: string, reason: string, status?: string, headers: Record<string, string> = {}): void {
  sendJson(
    res,
    code,
    { error: { code, message, errors: [{ domain: "global", reason, message }], ...(status ? { status } : {}) } },
    headers,
  );
}

function answerFault(res: ServerResponse, fault: Fault<GoogleRoute>, route: GoogleRoute, hang: (res: ServerResponse) => void): void {
  if (fault.mode === "timeout") return hang(res);
  const headers = retryAfterHeader(fault);
  if (route === "token") {
    return sendJson(res, Number(fault.mode), { error: "internal_failure", error_description: "fault injected" }, headers);
  }
  if (fault.mode === "429") return googleError(res, 429, "Rate Limit Exceeded", "rateLimitExceeded", "RESOURCE_EXHAUSTED", headers);
  if (fault.mode === "503") return googleError(res, 503, "The service is currently unavailable.", "backendError", "UNAVAILABLE", headers);
  return googleError(res, 500, "Backend Error", "backendError", "INTERNAL", headers);
}

function checkTimes(event: calendar_v3.Schema$Event): string | undefined {
  if (!event.start) return "Missing start time.";
  if (!event.end) return "Missing end time.";
  const start = Date.parse(event.start.dateTime ?? event.start.date ?? "");
  const end = Date.parse(event.end.dateTime ?? event.end.date ?? "");
  if (Number.isNaN(start)) return "Invalid start time.";
  if (Number.isNaN(end)) return "Invalid end time.";
  if (end <= start) return "The specified time range is empty.";
  return undefined;
}

function busyPeriods(calendar: FakeCalendar, timeMin: number, timeMax: number): calendar_v3.Schema$TimePeriod[] {
  const intervals: [number, number][] = [];
  for (const event of calendar.events.values()) {
    if (event.status === "cancelled" || event.transparency === "transparent") continue;
    intervals.push([Date.parse(event.start?.dateTime ?? event.start?.date ?? ""), Date.parse(event.end?.dateTime ?? event.end?.date ?? "")]);
  }
  for (const block of calendar.busy) intervals.push([Date.parse(block.start ?? ""), Date.parse(block.end ?? "")]);
  // Like Google: clip to the asked range, then merge overlaps.
  const clipped = intervals
    .filter(([s, e]) => !Number.isNaN(s) && !Number.isNaN(e) && s < timeMax && e > timeMin)
    .map(([s, e]): [number, number] => [Math.max(s, timeMin), Math.min(e, timeMax)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of clipped) {
    const last = merged.at(-1);
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push(interval);
  }
  return merged.map(([s, e]) => ({ start: new Date(s).toISOString(), end: new Date(e).toISOString() }));
}

/** PATCH semantics: nested objects merge, arrays and scalars replace. */
function deepMerge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

