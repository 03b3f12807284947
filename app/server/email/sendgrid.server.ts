import { utf8ToBase64 } from "./base64";
import type { EmailAddress, OutgoingEmail, SendResult } from "./message";
import {
  DEFAULT_TIMEOUT_MS,
  failureFromResponse,
  fetchWithTimeout,
  safeJson,
  type FetchLike,
} from "./provider-call.server";

export type SendGridConfig = {
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  now?: number;
};

/**
 * The only place that knows SendGrid's v3 mail/send wire format
 * (shared/specs/sendgrid-mail-v3.openapi.json).
 */
export function toSendGridBody(email: OutgoingEmail): Record<string, unknown> {
  // Ids and kinds only: categories and custom_args are visible in SendGrid's UI
  // and exports, so no names or addresses may go there.
  const customArgs = { consultation_id: email.consultationId, kind: email.kind, job_id: email.jobId };
  return {
    // custom_args belongs in the personalization: the spec types the top-level
    // custom_args as a string, while the personalization's is an object.
    personalizations: [{ to: [address(email.to)], custom_args: customArgs }],
    from: address(email.from),
    ...(email.replyTo ? { reply_to: address(email.replyTo) } : {}),
    subject: email.subject,
    // SendGrid requires text/plain before text/html.
    content: [
      { type: "text/plain", value: email.text },
      { type: "text/html", value: email.html },
    ],
    // Message-wide headers (the spec's top-level `headers`, an object of names to
    // string values; a personalization may carry its own, but we send to one person).
    ...(email.headers && Object.keys(email.headers).length ? { headers: { ...email.headers } } : {}),
    ...(email.attachments?.length
      ? {
          attachments: email.attachments.map((a) => ({
            content: utf8ToBase64(a.content),
            type: a.contentType,
            filename: a.filename,
            disposition: "attachment",
          })),
        }
      : {}),
    categories: [email.kind],
  };
}

function address(a: EmailAddress): { email: string; name?: string } {
  const name = a.name.trim();
  return name ? { email: a.email, name } : { email: a.email };
}

export async function sendWithSendGrid(email: OutgoingEmail, config: SendGridConfig): Promise<SendResult> {
  const baseUrl = (config.baseUrl ?? "https://api.sendgrid.com").replace(/\/+$/, "");
  const call = await fetchWithTimeout(
    config.fetch ?? fetch,
    `${baseUrl}/v3/mail/send`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${config.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(toSendGridBody(email)),
    },
    config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if (!call.ok) return call;
  const { response, bodyText } = call;
  if (response.status === 202 || response.status === 200) {
    return { ok: true, providerMessageId: response.headers.get("x-message-id") };
  }
  return failureFromResponse(response, sendGridErrorMessage(response.status, bodyText), { now: config.now });
}

function sendGridErrorMessage(status: number, bodyText: string): string {
  const body = safeJson(bodyText) as { errors?: { message?: unknown; field?: unknown }[] } | undefined;
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  const details = errors
    .map((e) => [e.field, e.message].filter((p) => typeof p === "string" && p !== "" && p !== "null").join(": "))
    .filter(Boolean);
  return `SendGrid answered ${status}${details.length ? `: ${details.join("; ")}` : ""}`;
}
