import type { ServiceEmailKind } from "../email/types";
import type { ServiceEmailComposer } from "../notifications/service-emails.server";
import { composeRequestCopy, composeRequestReceived } from "./request-emails.server";

// Which composer builds each email of the service path. Each lives beside the
// use case that sends it (requests, quotes, projects).

const notBuiltYet: ServiceEmailComposer = async () => ({ skip: "this email is not built yet" });

export const SERVICE_EMAIL_COMPOSERS: Record<ServiceEmailKind, ServiceEmailComposer> = {
  request_received: composeRequestReceived,
  request_copy: composeRequestCopy,
  quote_sent: notBuiltYet,
  quote_accepted: notBuiltYet,
  quote_accepted_studio: notBuiltYet,
  quote_declined_studio: notBuiltYet,
  milestone: notBuiltYet,
};
