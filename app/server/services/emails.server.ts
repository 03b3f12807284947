import type { ServiceEmailKind } from "../email/types";
import type { ServiceEmailComposer } from "../notifications/service-emails.server";
import { composeMilestoneEmail } from "./milestone-email.server";
import { quoteAcceptedEmail, quoteAcceptedStudioEmail, quoteDeclinedStudioEmail, quoteSentEmail } from "./quote-emails.server";
import { composeRequestCopy, composeRequestReceived } from "./request-emails.server";

// Which composer builds each email of the service path. Each lives beside the
// use case that sends it (requests, quotes, projects).

export const SERVICE_EMAIL_COMPOSERS: Record<ServiceEmailKind, ServiceEmailComposer> = {
  request_received: composeRequestReceived,
  request_copy: composeRequestCopy,
  quote_sent: quoteSentEmail,
  quote_accepted: quoteAcceptedEmail,
  quote_accepted_studio: quoteAcceptedStudioEmail,
  quote_declined_studio: quoteDeclinedStudioEmail,
  milestone: composeMilestoneEmail,
};
