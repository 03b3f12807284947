import { formatMoney } from "~/domain/money";
import { formatInZone } from "~/domain/time-zones";
import { renderLayout, type EmailRow } from "../email/layout.server";
import type { ConsultationRow } from "../db/schema.server";
import type { AppConfig } from "../env.server";
import { quoteUrl } from "../links.server";
import type { ComposedServiceEmail, ServiceEmailComposer } from "../notifications/service-emails.server";
import { findQuote } from "./quotes.server";
import { chosenOptionalOf, figuresOf, type QuoteFigures } from "./quote-view.server";

// The quote's emails, registered in services/emails.server.ts. Each reads the
// quote named by its job's payload as it is NOW, so a quote superseded before
// its email went out is not sent (the newer version has its own email).
//   quote_sent             to the client: the quote and its private link
//   quote_accepted         to the client: what they accepted, and what happens next
//   quote_accepted_studio  to the studio
//   quote_declined_studio  to the studio, with the client's reason

type Row = EmailRow;
type Body = { subject: string; heading: string; intro: string[]; rows: Row[]; cta?: { label: string; url: string } };

async function quoteOfPayload(deps: Parameters<ServiceEmailComposer>[0], payload: Record<string, unknown>) {
  const quoteId = typeof payload.quoteId === "string" ? payload.quoteId : null;
  return quoteId ? findQuote(deps.db, quoteId) : null;
}

const money = (figures: QuoteFigures, minor: number) => formatMoney(minor, figures.currency);

function figureRows(config: AppConfig, figures: QuoteFigures): Row[] {
  const rows: Row[] = figures.lines
    .filter((line) => line.included)
    .map((line) => ({
      label: line.quantity > 1 ? `${line.description} (${line.quantity} × ${money(figures, line.unitMinor)})` : line.description,
      value: money(figures, line.amountMinor),
    }));
  if (figures.discountMinor > 0) rows.push({ label: "Discount", value: `−${money(figures, figures.discountMinor)}` });
  if (figures.taxRateBp > 0) rows.push({ label: config.services.taxLabel, value: money(figures, figures.taxMinor) });
  rows.push({ label: "Total", value: money(figures, figures.totalMinor) });
  return rows;
}

const studioDay = (config: AppConfig, at: number) => formatInZone(at, config.bookingRules.studioTimeZone, "EEEE d MMMM yyyy");

export const quoteSentEmail: ServiceEmailComposer = async (deps, job, c, payload) => {
  const found = await quoteOfPayload(deps, payload);
  if (!found) return { skip: "the quote no longer exists" };
  const { quote, lines } = found;
  if (quote.status !== "sent") return { skip: `the quote is ${quote.status} now` };
  const { config } = deps;
  const figures = figuresOf(quote, lines);
  const optional = figures.lines.filter((line) => line.optional);
  return toClient(config, c, {
    subject: `Your quote ${quote.number} from ${config.studioName} - ${c.projectName}`,
    heading: `Your quote for "${c.projectName}"`,
    intro: [
      `Hi ${c.customerName}, here is our quote ${quote.number}.`,
      ...(quote.message ? [quote.message] : []),
      ...(optional.length ? [`It also offers ${optional.length} optional extra${optional.length === 1 ? "" : "s"} you can add on the quote's page.`] : []),
      `You can accept or decline it on its page until ${studioDay(config, (quote.expiresAt ?? 0) - 1)}.`,
    ],
    rows: figureRows(config, figures),
    cta: { label: "View and accept your quote", url: await quoteUrl(config, quote.id, deps.now()) },
  });
};

export const quoteAcceptedEmail: ServiceEmailComposer = async (deps, job, c, payload) => {
  const found = await quoteOfPayload(deps, payload);
  if (!found) return { skip: "the quote no longer exists" };
  const { quote, lines } = found;
  if (quote.status !== "accepted") return { skip: `the quote is ${quote.status}, not accepted` };
  const { config } = deps;
  const figures = figuresOf(quote, lines, chosenOptionalOf(quote));
  return toClient(config, c, {
    subject: `You accepted quote ${quote.number} - ${c.projectName}`,
    heading: "Thank you: your project is booked in",
    intro: [
      `Hi ${c.customerName}, you accepted quote ${quote.number} as ${quote.acceptedName} on ${studioDay(config, quote.acceptedAt ?? deps.now())}.`,
      `Next: send us your files (reply to this email with download links). The work takes about ${figures.turnaroundDays} working day${figures.turnaroundDays === 1 ? "" : "s"} from the day after they arrive, and we'll tell you the delivery date then.`,
      ...(quote.paymentTerms ? [`Payment terms: ${quote.paymentTerms}`] : []),
    ],
    rows: figureRows(config, figures),
    cta: { label: "See your accepted quote", url: await quoteUrl(config, quote.id, deps.now()) },
  });
};

export const quoteAcceptedStudioEmail: ServiceEmailComposer = async (deps, job, c, payload) => {
  const found = await quoteOfPayload(deps, payload);
  if (!found) return { skip: "the quote no longer exists" };
  const { quote, lines } = found;
  if (quote.status !== "accepted") return { skip: `the quote is ${quote.status}, not accepted` };
  const { config } = deps;
  const figures = figuresOf(quote, lines, chosenOptionalOf(quote));
  return toStudio(config, {
    subject: `Quote ${quote.number} accepted by ${c.customerName} (${money(figures, figures.totalMinor)})`,
    heading: `${c.customerName} accepted quote ${quote.number}`,
    intro: [
      `Signed "${quote.acceptedName}" on ${formatInZone(quote.acceptedAt ?? 0, config.bookingRules.studioTimeZone, "EEE d MMM yyyy, HH:mm")} for "${c.projectName}". The project is waiting for the client's files.`,
    ],
    rows: [{ label: "Client", value: `${c.customerName} <${c.customerEmail}>` }, ...figureRows(config, figures)],
    cta: { label: "Open the quote", url: `${adminBase(config)}/admin/quotes/${quote.id}` },
  });
};

export const quoteDeclinedStudioEmail: ServiceEmailComposer = async (deps, job, c, payload) => {
  const found = await quoteOfPayload(deps, payload);
  if (!found) return { skip: "the quote no longer exists" };
  const { quote, lines } = found;
  if (quote.status !== "declined") return { skip: `the quote is ${quote.status}, not declined` };
  const { config } = deps;
  const figures = figuresOf(quote, lines);
  return toStudio(config, {
    subject: `Quote ${quote.number} declined by ${c.customerName}`,
    heading: `${c.customerName} declined quote ${quote.number}`,
    intro: [
      quote.declineReason ? `Their reason: "${quote.declineReason}"` : "They gave no reason.",
      "You can revise the quote and send a new version from its page.",
    ],
    rows: [{ label: "Client", value: `${c.customerName} <${c.customerEmail}>` }, { label: "Project", value: c.projectName }, ...figureRows(config, figures)],
    cta: { label: "Open the quote", url: `${adminBase(config)}/admin/quotes/${quote.id}` },
  });
};

const adminBase = (config: AppConfig) => (config.publicBaseUrl ?? "http://127.0.0.1:8787").replace(/\/+$/, "");

function toClient(config: AppConfig, c: ConsultationRow, body: Body): ComposedServiceEmail {
  return { to: { email: c.customerEmail, name: c.customerName }, toClient: true, ...render(config, body) };
}

function toStudio(config: AppConfig, body: Body): ComposedServiceEmail {
  return { to: { email: config.services.notifyEmail, name: config.studioName }, toClient: false, ...render(config, body) };
}

function render(config: AppConfig, body: Body): { subject: string; html: string; text: string } {
  return renderLayout({
    studioName: config.studioName,
    subject: body.subject,
    heading: body.heading,
    blocks: [
      ...body.intro.map((text) => ({ kind: "paragraph" as const, text, preWrap: true, spaced: false })),
      { kind: "rows", rows: body.rows, style: "amount" },
      ...(body.cta ? [{ kind: "button" as const, ...body.cta }] : []),
    ],
  });
}
