/**
 * A fake SendGrid (v3 mail/send, validated against the OpenAPI spec in
 * shared/specs) plus a fake Resend (/emails), on 127.0.0.1. It also plays
 * SendGrid's Event Webhook: it signs event batches with its own P-256 key and
 * posts them to the app.
 */
import { generateKeyPairSync, randomBytes, sign as cryptoSign, type KeyObject } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerResponse } from "node:http";
import { validateAgainstSchema, type Schema, type SchemaViolation } from "./json-schema";
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

export type SendGridRoute = "mail.send" | "emails";

export type Signer = {
  publicKeyBase64: string;
  sign: (timestamp: string, rawBody: string) => string;
};

export type PostEventsOptions = {
  /** Change the body after signing it. */
  tamper?: boolean;
  /** Sign with a key the app does not know. */
  wrongKey?: boolean;
  /** Unix seconds as a string; default now. */
  timestamp?: string;
};

export type FakeSendGrid = {
  url: string;
  apiKey: string;
  resendApiKey: string;
  /** Accepted mail/send bodies. */
  messages: Record<string, unknown>[];
  /** Accepted Resend /emails bodies. */
  resendMessages: Record<string, unknown>[];
  requests: RecordedRequest[];
  setFault: (fault: Fault<SendGridRoute>) => void;
  clearFaults: () => void;
  /** Validates a mail/send body exactly as the server does. */
  validate: (body: unknown) => SchemaViolation[];
  signer: Signer;
  postEvents: (targetUrl: string, events: unknown[], options?: PostEventsOptions) => Promise<Response>;
  close: () => Promise<void>;
};

type OpenApi = { components: { requestBodies: { PostMailSend: { content: { "application/json": { schema: Schema } } } } } };

// The contract: ../shared/specs beside the repo when it is there (as on our
// machines and in CI), else the copy kept in tests/fakes/specs, so that a clone
// on its own still runs every test. FAKES_SENDGRID_SPEC overrides both.
export function loadSendGridSpec(): OpenApi {
  const shared = fileURLToPath(new URL("../../../shared/specs/sendgrid-mail-v3.openapi.json", import.meta.url));
  const copy = fileURLToPath(new URL("./specs/sendgrid-mail-v3.openapi.json", import.meta.url));
  const path = process.env.FAKES_SENDGRID_SPEC ?? (existsSync(shared) ? shared : copy);
  return JSON.parse(readFileSync(path, "utf8")) as OpenApi;
}

export function validateMailSend(body: unknown, spec: OpenApi = loadSendGridSpec()): SchemaViolation[] {
  const schema = spec.components.requestBodies.PostMailSend.content["application/json"].schema;
  const violations = validateAgainstSchema(body, schema, spec);
  if (violations.length === 0) violations.push(...mailSendRules(body as MailSendBody));
  return violations;
}

type MailSendBody = {
  personalizations: { subject?: string; custom_args?: Record<string, unknown> }[];
  subject?: string;
  content?: { type: string; value: string }[];
  template_id?: string;
  attachments?: { content: string }[];
};

/** Rules SendGrid enforces that the schema cannot express (from its error catalogue). */
function mailSendRules(body: MailSendBody): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  if (body.personalizations.length === 0) {
    out.push({ field: "personalizations", message: "The personalizations field is required and must have at least one personalization." });
  }
  if (!body.template_id) {
    if (!body.subject && body.personalizations.some((p) => !p.subject)) {
      out.push({ field: "subject", message: "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined." });
    }
    if (!body.content?.length) {
      out.push({ field: "content", message: "Unless a valid template_id is provided, the content parameter is required." });
    }
  }
  const types = (body.content ?? []).map((c) => c.type);
  const plain = types.indexOf("text/plain");
  if (plain > 0) out.push({ field: "content", message: "If present, text/plain content must be first, followed by text/html, followed by any other content." });
  body.personalizations.forEach((p, i) => {
    for (const [k, v] of Object.entries(p.custom_args ?? {})) {
      if (typeof v !== "string") out.push({ field: `personalizations.${i}.custom_args.${k}`, message: "Custom arguments must be strings." });
    }
  });
  (body.attachments ?? []).forEach((a, i) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(a.content) || a.content.length % 4 !== 0) {
      out.push({ field: `attachments.${i}.content`, message: "The attachment content must be base64 encoded." });
    }
  });
  return out;
}

function makeSigner(privateKey: KeyObject, publicKey: KeyObject): Signer {
  return {
    publicKeyBase64: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    // node:crypto's default ECDSA output is DER, which is what SendGrid sends.
    sign: (timestamp, rawBody) => cryptoSign("sha256", Buffer.from(timestamp + rawBody, "utf8"), privateKey).toString("base64"),
  };
}

function newEcKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" });
}

export async function startFakeSendGrid(options: { port?: number; apiKey?: string; resendApiKey?: string } = {}): Promise<FakeSendGrid> {
  const spec = loadSendGridSpec();
  const apiKey = options.apiKey ?? `SG.fake-${randomBytes(8).toString("hex")}`;
  const resendApiKey = options.resendApiKey ?? `re_fake_${randomBytes(8).toString("hex")}`;
  const keys = newEcKeyPair();
  const signer = makeSigner(keys.privateKey, keys.publicKey);
  const strangerKeys = newEcKeyPair();
  const strangerSigner = makeSigner(strangerKeys.privateKey, strangerKeys.publicKey);
  const faults = new FaultBook<SendGridRoute>();
  const messages: Record<string, unknown>[] = [];
  const resendMessages: Record<string, unknown>[] = [];
  const requests: RecordedRequest[] = [];
  const idempotency = new Map<string, { body: string; id: string }>();

  async function postEvents(targetUrl: string, events: unknown[], opts: PostEventsOptions = {}): Promise<Response> {
    const rawBody = JSON.stringify(events);
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signature = (opts.wrongKey ? strangerSigner : signer).sign(timestamp, rawBody);
    const sent = opts.tamper ? rawBody.replace(/"event":"[^"]*"/, '"event":"delivered"').replace(/\]$/, " ]") : rawBody;
    return fetch(targetUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-twilio-email-event-webhook-signature": signature,
        "x-twilio-email-event-webhook-timestamp": timestamp,
      },
      body: sent,
    });
  }

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(req);
    let body: unknown;
    try {
      body = rawBody === "" ? undefined : (JSON.parse(rawBody) as unknown);
    } catch {
      body = rawBody;
    }
    const routeName: SendGridRoute | undefined =
      req.method === "POST" && url.pathname === "/v3/mail/send"
        ? "mail.send"
        : req.method === "POST" && url.pathname === "/emails"
          ? "emails"
          : undefined;
    const record: RecordedRequest = {
      route: routeName ?? url.pathname,
      method: req.method ?? "GET",
      path: url.pathname,
      query: queryOf(url),
      headers: {
        authorization: req.headers.authorization,
        "content-type": req.headers["content-type"],
        "idempotency-key": req.headers["idempotency-key"] as string | undefined,
      },
      body,
    };

    // Developer conveniences for `npm run fakes`; not part of either API.
    if (req.method === "GET" && url.pathname === "/__fake/messages") return sendJson(res, 200, { messages, resendMessages });
    if (req.method === "POST" && url.pathname === "/__fake/post-events") {
      const { targetUrl, events, ...opts } = (body ?? {}) as { targetUrl: string; events: unknown[] } & PostEventsOptions;
      const answer = await postEvents(targetUrl, events, opts);
      return sendJson(res, 200, { status: answer.status, body: await answer.text() });
    }

    requests.push(record);
    if (!routeName) return sendJson(res, 404, { errors: [{ message: "not found", field: null }] });

    const fault = faults.take(routeName);
    if (fault) {
      record.fault = fault.mode;
      if (fault.mode === "timeout") return server.hang(res);
      const status = Number(fault.mode);
      const message = status === 429 ? "too many requests" : "internal server error";
      return sendJson(res, status, routeName === "emails" ? { statusCode: status, name: "application_error", message } : { errors: [{ message, field: null }] }, retryAfterHeader(fault));
    }

    if (routeName === "mail.send") return handleMailSend(res, req.headers["content-type"], bearerToken(req), body);
    return handleResend(res, bearerToken(req), req.headers["idempotency-key"] as string | undefined, rawBody, body);
  }, options.port);

  function handleMailSend(res: ServerResponse, contentType: string | undefined, token: string | undefined, body: unknown): void {
    if (token !== apiKey) {
      return sendJson(res, 401, { errors: [{ message: "The provided authorization grant is invalid, expired, or revoked", field: null, help: null }] });
    }
    if (!contentType?.startsWith("application/json") || typeof body !== "object" || body === null) {
      return sendJson(res, 400, { errors: [{ message: "Bad Request", field: null, help: null }] });
    }
    const violations = validateMailSend(body, spec);
    if (violations.length) return sendJson(res, 400, { errors: violations.map((v) => ({ ...v, help: null })) });
    messages.push(body as Record<string, unknown>);
    res.writeHead(202, { "x-message-id": randomBytes(11).toString("base64url") }).end();
  }

  function handleResend(res: ServerResponse, token: string | undefined, idempotencyKey: string | undefined, rawBody: string, body: unknown): void {
    if (token !== resendApiKey) return sendJson(res, 401, { statusCode: 401, name: "validation_error", message: "API key is invalid" });
    const problem = resendProblem(body);
    if (problem) return sendJson(res, 422, { statusCode: 422, name: "validation_error", message: problem });
    if (idempotencyKey) {
      const seen = idempotency.get(idempotencyKey);
      if (seen && seen.body !== rawBody) {
        return sendJson(res, 409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." });
      }
      if (seen) return sendJson(res, 200, { id: seen.id });
    }
    const id = crypto.randomUUID();
    if (idempotencyKey) idempotency.set(idempotencyKey, { body: rawBody, id });
    resendMessages.push(body as Record<string, unknown>);
    sendJson(res, 200, { id });
  }

  return {
    url: server.url,
    apiKey,
    resendApiKey,
    messages,
    resendMessages,
    requests,
    setFault: (fault) => faults.set(fault),
    clearFaults: () => faults.clear(),
    validate: (body) => validateMailSend(body, spec),
    signer,
    postEvents,
    close: server.close,
  };
}

/** The parts of Resend's documented validation our client could get wrong. */
function resendProblem(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return "Invalid JSON body";
  const b = body as Record<string, unknown>;
  if (typeof b.from !== "string" || !/^(?:"?[^"<>]*"?\s*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(b.from)) {
    return "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
  }
  const to = Array.isArray(b.to) ? b.to : [b.to];
  if (to.length === 0 || to.length > 50 || !to.every((t) => typeof t === "string" && /^[^\s@]+@[^\s@]+$/.test(t))) return "Invalid `to` field.";
  if (typeof b.subject !== "string" || b.subject === "") return "Missing `subject` field.";
  if (typeof b.html !== "string" && typeof b.text !== "string") return "Missing `html` or `text` field.";
  if (b.attachments !== undefined) {
    if (!Array.isArray(b.attachments)) return "Invalid `attachments` field.";
    for (const a of b.attachments as Record<string, unknown>[]) {
      if (typeof a.filename !== "string" || typeof a.content !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(a.content)) {
        return "Invalid attachment: `filename` and base64 `content` are required.";
      }
    }
  }
  if (b.tags !== undefined) {
    if (!Array.isArray(b.tags)) return "Invalid `tags` field.";
    for (const t of b.tags as Record<string, unknown>[]) {
      const ok = (v: unknown) => typeof v === "string" && /^[A-Za-z0-9_-]{1,256}$/.test(v);
      if (!ok(t.name) || !ok(t.value)) return "Tags should only contain ASCII letters, numbers, underscores, or dashes.";
    }
  }
  return undefined;
}
