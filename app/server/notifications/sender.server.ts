import type { AppConfig } from "../env.server";
import type { OutgoingEmail, SendResult } from "../email/message";
import { sendWithResend } from "../email/resend.server";
import { sendWithSendGrid } from "../email/sendgrid.server";

// Picks the email provider (EMAIL_PROVIDER, or whichever key is set, or the
// local mailbox). The local "provider" sends nothing: the email job stores the
// message in email_messages, and /dev/mailbox shows it.

export type EmailProviderName = "sendgrid" | "resend" | "local";

export type EmailSender = {
  provider: EmailProviderName;
  send: (email: OutgoingEmail) => Promise<SendResult>;
};

export function emailSender(config: AppConfig): EmailSender {
  const email = config.integrations.email;
  const timeoutMs = config.integrations.outboundTimeoutMs;
  if (email.provider === "sendgrid" && email.sendgrid) {
    const { apiKey, baseUrl } = email.sendgrid;
    return { provider: "sendgrid", send: (message) => sendWithSendGrid(message, { apiKey, baseUrl, timeoutMs }) };
  }
  if (email.provider === "resend" && email.resend) {
    const { apiKey, baseUrl } = email.resend;
    return { provider: "resend", send: (message) => sendWithResend(message, { apiKey, baseUrl, timeoutMs }) };
  }
  return { provider: "local", send: async () => ({ ok: true, providerMessageId: `local-${crypto.randomUUID()}` }) };
}
