import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/utils/parse-with-zod";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formatMoney, minorToInput } from "~/domain/money";
import { quoteEditSchema } from "~/domain/quote";
import { Banner } from "~/components/banner";
import { studioDate, studioDateTime } from "~/components/admin/format";
import { QuoteEditor, type EditorDefaults } from "~/components/quotes/quote-editor";
import { QuoteFiguresTable } from "~/components/quotes/quote-figures-table";
import { QuoteStatusBadge } from "~/components/quotes/quote-status-badge";
import { requireAdmin, requireAdminPost } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { quoteUrl } from "~/server/links.server";
import { loadQuoteDetail } from "~/server/services/quote-admin.server";
import { sendQuote } from "~/server/services/quote-send.server";
import { editQuote, quoteDepsFor, reviseQuote } from "~/server/services/quotes.server";
import quoteStyles from "~/styles/quotes.css";

// /admin/quotes/:id: a draft is edited here (lines, discount, message, terms,
// validity) and sent; a sent quote shows what the client sees and can be
// revised (a new draft that supersedes it when sent). Plain posts and
// redirects: every form works without JavaScript.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: quoteStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.quote.number ?? "Draft quote"} · ${data.consultation.customerName}` : "Quote"} · Studio admin` },
  { name: "robots", content: "noindex, nofollow" },
];

const idSchema = z.string().uuid();
const opSchema = z.enum(["save", "send", "revise"]);

const SAVED_MESSAGES: Record<string, string> = {
  drafted: "A draft quote was made from the request. Check the lines and prices, then send it.",
  existing: "This request already has a draft quote: here it is.",
  revision: "This is a new version of the quote. When you send it, it replaces the one the client has.",
  saved: "The draft was saved.",
  sent: "The quote was sent. The client gets an email with its link.",
};

const notFound = () => json({ error: "There is no quote with that id." }, { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const services = appServices(context);
  const now = services.now();
  const detail = await loadQuoteDetail(services.db, services.config, id.data, now);
  if (!detail) throw notFound();
  const { quote, lines, figures } = detail;
  const timeZone = services.config.bookingRules.studioTimeZone;
  const currency = quote.currency;
  const defaults: EditorDefaults = {
    lines: lines.map((line) => ({
      description: line.description,
      quantity: String(line.quantity),
      unitPrice: minorToInput(line.unitMinor, currency),
      optional: line.optional ? "on" : undefined,
      catalogueItemId: line.catalogueItemId ?? "",
    })),
    discount: quote.discountMinor > 0 ? minorToInput(quote.discountMinor, currency) : "",
    message: quote.message ?? "",
    paymentTerms: quote.paymentTerms ?? "",
    validDays: String(quote.validDays),
  };
  const saved = new URL(request.url).searchParams.get("saved");
  return json({
    quote,
    status: detail.status,
    figures,
    defaults,
    offers: detail.offers,
    consultation: detail.consultation,
    request: detail.request,
    versions: detail.versions.map((v) => ({ ...v, created: studioDateTime(v.createdAt, timeZone) })),
    projectId: detail.projectId,
    taxLabel: services.config.services.taxLabel,
    timeZone,
    sentAt: quote.sentAt ? studioDateTime(quote.sentAt, timeZone) : null,
    expiresOn: quote.expiresAt ? studioDate(quote.expiresAt - 1, timeZone) : null,
    acceptedAt: quote.acceptedAt ? studioDateTime(quote.acceptedAt, timeZone) : null,
    declinedAt: quote.declinedAt ? studioDateTime(quote.declinedAt, timeZone) : null,
    estimatedDelivery: detail.estimatedDelivery,
    clientLink: quote.status === "draft" ? null : await quoteUrl(services.config, quote.id, now),
    saved: saved && SAVED_MESSAGES[saved] ? SAVED_MESSAGES[saved] : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdminPost(request, context);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const services = appServices(context);
  const deps = quoteDepsFor(services);
  const actor = { kind: "studio" as const, detail: admin.email };
  const formData = await request.formData();

  if (formData.get("op") === "revise") {
    const outcome = await reviseQuote(deps, id.data, actor);
    if (outcome.kind === "not_found") throw notFound();
    if (outcome.kind === "refused") return json({ result: null, error: outcome.message }, { status: 409 });
    return redirect(`/admin/quotes/${outcome.quoteId}?saved=${outcome.kind === "drafted" ? "revision" : "existing"}`);
  }

  const schema = quoteEditSchema({ currency: services.config.services.currency });
  let submission;
  try {
    submission = parseWithZod(formData, { schema });
  } catch {
    // A tampered list intent: conform can't apply it.
    return json({ result: null, error: "The form was not recognised. Reload the page and try again." }, { status: 400 });
  }
  // Add or remove a line (a list intent): the form comes back changed, nothing is saved.
  if (submission.status === undefined) return json({ result: submission.reply(), error: null });
  if (submission.status !== "success") return json({ result: submission.reply(), error: null }, { status: 400 });
  const op = opSchema.catch("save").parse(formData.get("op"));

  const edited = await editQuote(deps, id.data, submission.value);
  if (edited.kind === "not_found") throw notFound();
  if (edited.kind !== "changed") return json({ result: submission.reply({ formErrors: [edited.message] }), error: null }, { status: 409 });
  if (op !== "send") return redirect(`/admin/quotes/${id.data}?saved=saved`);

  const sent = await sendQuote(deps, id.data, actor);
  if (sent.kind === "not_found") throw notFound();
  if (sent.kind !== "sent") {
    return json({ result: submission.reply({ formErrors: [`The draft was saved, but not sent: ${sent.message}`] }), error: null }, { status: 409 });
  }
  return redirect(`/admin/quotes/${id.data}?saved=sent`);
}

export default function AdminQuote() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { quote, consultation: c, request: r } = data;
  const money = (minor: number) => formatMoney(minor, quote.currency);
  const canRevise = data.status === "sent" || data.status === "declined" || data.status === "expired";

  return (
    <article className="admin-page quote-detail" aria-labelledby="quote-heading">
      <p className="breadcrumbs">
        <Link to="/admin/quotes">← All quotes</Link>
      </p>
      <div className="admin-heading">
        <div>
          <p className="eyebrow">{quote.number ?? "Draft quote (numbered when sent)"}</p>
          <h1 id="quote-heading">
            {c.customerName}: {c.projectName}
          </h1>
        </div>
        <QuoteStatusBadge status={data.status} />
      </div>

      <Banner tone="ok">{data.saved}</Banner>
      <Banner tone="error">{actionData?.error}</Banner>

      <div className="detail-grid">
        <section className="panel" aria-labelledby="request-heading">
          <h2 id="request-heading">The client's request</h2>
          <dl className="summary">
            <dt>Client</dt>
            <dd>
              {c.customerName} · <a href={`mailto:${c.customerEmail}`}>{c.customerEmail}</a>
            </dd>
            <dt>Consultation</dt>
            <dd>
              <Link to={`/admin/consultations/${c.id}`}>{c.projectName}</Link>
            </dd>
            <dt>Tracks</dt>
            <dd>{r.trackCount}</dd>
            <dt>Their estimate</dt>
            <dd>{money(r.estimateTotalMinor)}</dd>
            <dt>Wished deadline</dt>
            <dd>{r.wishedDeadline ?? <span className="admin-muted">None given</span>}</dd>
            <dt>Files</dt>
            <dd>
              {r.fileLinks.length ? (
                <ul className="plain-list">
                  {r.fileLinks.map((link) => (
                    <li key={link}>
                      <a href={link} rel="noreferrer noopener" target="_blank">
                        {link}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="admin-muted">No links yet</span>
              )}
            </dd>
            <dt>Notes</dt>
            <dd className="prewrap">{r.notes ?? <span className="admin-muted">None</span>}</dd>
          </dl>
        </section>

        <section className="panel" aria-labelledby="state-heading">
          <h2 id="state-heading">This quote</h2>
          <dl className="summary">
            <dt>Total</dt>
            <dd>
              <strong>{money(data.figures.totalMinor)}</strong>
              {data.figures.lines.some((l) => l.optional) && data.status !== "accepted" ? (
                <span className="admin-muted small"> without the optional extras</span>
              ) : null}
            </dd>
            <dt>Turnaround</dt>
            <dd>
              {data.figures.turnaroundDays} working day{data.figures.turnaroundDays === 1 ? "" : "s"}
            </dd>
            {data.sentAt ? (
              <>
                <dt>Sent</dt>
                <dd>
                  {data.sentAt}
                  {quote.sentBy ? ` by ${quote.sentBy}` : ""}
                </dd>
                <dt>Can be accepted until</dt>
                <dd>the end of {data.expiresOn}</dd>
              </>
            ) : null}
            {data.acceptedAt ? (
              <>
                <dt>Accepted</dt>
                <dd>
                  {data.acceptedAt} by “{quote.acceptedName}”
                </dd>
              </>
            ) : null}
            {data.declinedAt ? (
              <>
                <dt>Declined</dt>
                <dd>
                  {data.declinedAt}
                  {quote.declineReason ? <div className="prewrap">“{quote.declineReason}”</div> : <span className="admin-muted"> (no reason given)</span>}
                </dd>
              </>
            ) : null}
            {data.clientLink ? (
              <>
                <dt>Client's link</dt>
                <dd>
                  <a href={data.clientLink}>Open the client's page</a>
                </dd>
              </>
            ) : null}
            {data.projectId ? (
              <>
                <dt>Project</dt>
                <dd>
                  <Link to={`/admin/projects/${data.projectId}`}>Open the project</Link>
                </dd>
              </>
            ) : null}
          </dl>
          {canRevise ? (
            <Form method="post" action={`/admin/quotes/${quote.id}`}>
              <input type="hidden" name="op" value="revise" />
              <button type="submit" className="button">
                Revise this quote…
              </button>
              <p className="hint">Makes a new draft from this one. When you send it, it replaces this quote for the client.</p>
            </Form>
          ) : null}
        </section>
      </div>

      {quote.status === "draft" ? (
        <section className="panel" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit the draft</h2>
          <QuoteEditor
            key={quote.updatedAt}
            action={`/admin/quotes/${quote.id}`}
            currency={quote.currency}
            defaults={data.defaults}
            offers={data.offers}
            lastResult={(actionData?.result as SubmissionResult<string[]> | null) ?? undefined}
          />
        </section>
      ) : (
        <section className="panel" aria-labelledby="lines-heading">
          <h2 id="lines-heading">What the client {data.status === "accepted" ? "accepted" : "sees"}</h2>
          {quote.message ? <p className="prewrap">{quote.message}</p> : null}
          <QuoteFiguresTable figures={data.figures} taxLabel={data.taxLabel} caption="Lines and totals" />
          {quote.paymentTerms ? (
            <>
              <h3>Payment terms</h3>
              <p className="prewrap">{quote.paymentTerms}</p>
            </>
          ) : null}
        </section>
      )}

      {data.versions.length > 1 ? (
        <section className="panel" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions for this request</h2>
          <ol className="plain-list">
            {data.versions.map((v) => (
              <li key={v.id}>
                {v.id === quote.id ? <strong>{v.number ?? "Draft"} (this one)</strong> : <Link to={`/admin/quotes/${v.id}`}>{v.number ?? "Draft"}</Link>}{" "}
                <QuoteStatusBadge status={v.status} /> <span className="admin-muted small">made {v.created}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  );
}
