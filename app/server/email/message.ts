import type { ProviderFailure } from "./provider-call.server";
import type { AnyEmailKind } from "./types";

export type EmailAddress = { email: string; name: string };

export type EmailAttachment = {
  filename: string;
  /** Plain (not yet base64) content; providers encode it on the wire. */
  content: string;
  contentType: string;
};

/**
 * Provider-neutral message. SendGrid and Resend modules translate it to their
 * wire formats, so the job runner can switch providers without touching it.
 */
export type OutgoingEmail = {
  to: EmailAddress;
  from: EmailAddress;
  replyTo?: EmailAddress;
  subject: string;
  html: string;
  text: string;
  attachments?: EmailAttachment[];
  /**
   * Extra message headers, e.g. List-Unsubscribe (RFC 2369) and
   * List-Unsubscribe-Post (RFC 8058) on reminders and follow-ups.
   */
  headers?: Record<string, string>;
  kind: AnyEmailKind;
  consultationId: string;
  /** Our outbox job id: travels to the provider so webhooks can be matched back. */
  jobId: string;
};

/** What every provider module answers; failures say whether a retry may help. */
export type SendResult = { ok: true; providerMessageId: string | null } | ProviderFailure;
