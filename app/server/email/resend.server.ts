import { utf8ToBase64 } from "./base64";
import type { EmailAddress, OutgoingEmail, SendResult } from "./message";
import {
  DEFAULT_TIMEOUT_MS,
  failureFromResponse,
  fetchWithTimeout,
  safeJson,
  type FetchLike,
} from "./provider-call.server";

export type ResendConfig = {
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  now?: number;
};

/** The only place that knows the Resend /emails wire format. */
export function toResendBody(email: OutgoingEmail): Record<string, unknown> {
  return {
    from: mailbox(email.from),
    to: [email.to.email],
    ...(email.replyTo ? { reply_to: mailbox(email.replyTo) } : {}),
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.headers && Object.keys(email.headers).length ? { headers: { ...email.headers } } : {}),
    ...(email.attachments?.length
      ? {
          attachments: email.attachments.map((a) => ({
            filename: a.filename,
            content: utf8ToBase64(a.content),
            // Without it the invite's method=REQUEST/CANCEL would be lost.
            content_type: a.contentType,
          })),
        }
      : {}),
    // Ids and kinds only (tags show up in the provider's dashboard).
    tags: [
      { name: "kind", value: email.kind },
      { name: "consultation_id", value: email.consultationId },
    ],
  };
}

/** RFC 5322 mailbox: the display name is quoted so commas in it can't split the address list. */
function mailbox(a: EmailAddress): string {
  const name = a.name.replace(/["\\\r\n]/g, "").trim();
  return name ? `"${name}" <${a.email}>` : a.email;
}

export async function sendWithResend(email: OutgoingEmail, config: ResendConfig): Promise<SendResult> {
  const baseUrl = (config.baseUrl ?? "https://api.resend.com").replace(/\/+$/, "");
  const call = await fetchWithTimeout(
    config.fetch ?? fetch,
    `${baseUrl}/emails`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        "content-type": "application/json",
        // Resend de-duplicates on this for 24 h, which makes our retries safe.
        "idempotency-key": email.jobId,
      },
      body: JSON.stringify(toResendBody(email)),
    },
    config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if (!call.ok) return call;
  const { response, bodyText } = call;
  const body = safeJson(bodyText) as { id?: unknown; message?: unknown } | undefined;
  if (response.ok) {
    return { ok: true, providerMessageId: typeof body?.id === "string" ? body.id : null };
  }
  const detail = typeof body?.message === "string" ? `: ${body.message}` : "";
  return failureFromResponse(response, `Resend answered ${response.status}${detail}`, { now: config.now });
}
