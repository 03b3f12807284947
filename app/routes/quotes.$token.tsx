import { parseWithZod } from "~/utils/parse-with-zod";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formatMoney } from "~/domain/money";
import { AcceptForm, DeclineForm, clientQuoteFormSchema } from "~/components/quotes/client-decision";
import { QuoteFiguresTable } from "~/components/quotes/quote-figures-table";
import { QuoteLinkProblem } from "~/components/quotes/quote-link-problem";
import { appServices } from "~/server/context.server";
import { acceptQuote, declineQuote } from "~/server/services/quote-decision.server";
import { clientQuoteView, QUOTE_PAGE_HEADERS, requireQuoteFromToken } from "~/server/services/quote-client.server";
import { quoteDepsFor } from "~/server/services/quotes.server";
import manageStyles from "~/styles/manage.css";
import quoteStyles from "~/styles/quotes.css";

// /quotes/:token: the client's quote (the link in the quote's email). The
// studio's message, the lines, optional extras to tick (the total is worked
// out again by the server: "Update total"), tax, delivery estimate, terms and
// expiry; accept by typing a name under the terms, or decline. Plain POSTs and
// redirects, so it all works without JavaScript. A superseded, expired,
// declined or accepted quote says why it can't be accepted.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: manageStyles },
  { rel: "stylesheet", href: quoteStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.view.number ? `Quote ${data.view.number} from ${data.view.studioName}` : "Your quote" },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers: HeadersFunction = () => QUOTE_PAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const found = await requireQuoteFromToken(services, params.token);
  const done = new URL(request.url).searchParams.get("done");
  return json(
    { view: await clientQuoteView(services, found), done: done === "accepted" || done === "declined" ? done : null },
    { headers: QUOTE_PAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const found = await requireQuoteFromToken(services, params.token);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: clientQuoteFormSchema });
  const form = formData.get("intent") === "decline" ? "decline" : "accept";
  const chosenOf = () =>
    formData
      .getAll("optionalLines")
      .map((v) => Number(v))
      .filter((n) => Number.isInteger(n) && found.lines[n]?.optional);
  if (submission.status !== "success") {
    const view = await clientQuoteView(services, found, chosenOf());
    return json({ form, result: submission.reply(), view }, { status: 400, headers: QUOTE_PAGE_HEADERS });
  }
  const value = submission.value;
  if (value.intent === "update") {
    // Only the total changes: nothing is stored until the client accepts.
    const view = await clientQuoteView(services, found, value.optionalLines);
    return json({ form, result: submission.reply(), view }, { headers: QUOTE_PAGE_HEADERS });
  }

  const deps = quoteDepsFor(services);
  const outcome =
    value.intent === "accept"
      ? await acceptQuote(deps, found.quote.id, { name: value.name, optionalLines: value.optionalLines })
      : await declineQuote(deps, found.quote.id, { reason: value.reason });
  switch (outcome.kind) {
    case "accepted":
    case "declined":
      return redirect(`/quotes/${params.token}?done=${outcome.kind}`, { headers: QUOTE_PAGE_HEADERS });
    case "invalid_optional": {
      const view = await clientQuoteView(services, found, chosenOf());
      return json({ form, result: submission.reply({ fieldErrors: { optionalLines: [outcome.message] } }), view }, { status: 400, headers: QUOTE_PAGE_HEADERS });
    }
    case "not_found":
      throw new Response("Not found", { status: 404, headers: QUOTE_PAGE_HEADERS });
    case "refused": {
      // Decided meanwhile (another tab, a double click), superseded or expired: the page says why.
      const view = await clientQuoteView(services, await requireQuoteFromToken(services, params.token));
      return json({ form, result: submission.reply({ formErrors: [outcome.message] }), view }, { status: 409, headers: QUOTE_PAGE_HEADERS });
    }
  }
}

export default function ClientQuote() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const view = actionData?.view ?? loaded.view;
  const refusal = actionData && !view.canDecide ? actionData.result.error?.[""] : undefined;

  return (
    <div className="manage quote-page">
      <section className="panel confirmation" aria-labelledby="quote-heading">
        <p className="eyebrow">{view.number ? `Quote ${view.number}` : "Quote"}</p>
        <h1 id="quote-heading">
          {view.studioName}'s quote{view.projectName ? ` for “${view.projectName}”` : ""}
        </h1>
        {loaded.done === "accepted" && view.status === "accepted" ? (
          <div className="banner banner--ok" role="status">
            <p>Thank you, {view.acceptedName}: you've accepted the quote. We've emailed you a copy and what happens next.</p>
          </div>
        ) : null}
        {loaded.done === "declined" && view.status === "declined" ? (
          <div className="banner banner--ok" role="status">
            <p>You've declined the quote. Thank you for letting us know.</p>
          </div>
        ) : null}
        {refusal ? (
          <div className="banner banner--error" role="alert">
            {refusal.map((e) => (
              <p key={e}>{e}</p>
            ))}
          </div>
        ) : null}
        {view.whyNot && !(loaded.done && (view.status === "accepted" || view.status === "declined")) ? (
          <div className="notice" role="status">
            <p>{view.whyNot}</p>
          </div>
        ) : null}
        {view.status === "accepted" && view.acceptedOn ? (
          <p>
            Accepted by <strong>{view.acceptedName}</strong> on {view.acceptedOn}.
          </p>
        ) : null}
        {view.status === "declined" && view.declinedOn ? <p>Declined on {view.declinedOn}.</p> : null}
        {view.showContent && view.message ? <p className="quote-message">{view.message}</p> : null}
        {view.showContent ? (
          <dl className="quote-facts">
            <div>
              <dt>Total</dt>
              <dd>{formatMoney(view.figures.totalMinor, view.figures.currency)}</dd>
            </div>
            <div>
              <dt>Delivery</dt>
              <dd>
                {view.turnaroundDays} working day{view.turnaroundDays === 1 ? "" : "s"} after your files arrive
              </dd>
            </div>
            {view.expiresOn && view.status !== "accepted" && view.status !== "declined" ? (
              <div>
                <dt>{view.status === "sent" ? "Accept by" : "Was valid until"}</dt>
                <dd>{view.expiresOn}</dd>
              </div>
            ) : null}
          </dl>
        ) : null}
      </section>

      {view.showContent ? (
        <section className="panel" aria-labelledby="lines-heading">
          <h2 id="lines-heading">What's included</h2>
          <QuoteFiguresTable figures={view.figures} taxLabel={view.taxLabel} caption={`Prices in ${view.figures.currency}`} />
          {view.figures.taxRateBp > 0 ? (
            <p className="hint">
              {view.taxLabel} is worked out once on the total after any discount and rounded to the nearest penny (halves round up).
            </p>
          ) : null}
          <p className="hint">
            If your files reach us today, the work would be delivered by <strong>{view.deliveryIfFilesToday}</strong>. The date is set when the
            files arrive, counting the studio's working days from the day after.
          </p>
        </section>
      ) : null}

      {view.showContent && view.paymentTerms ? (
        <section className="panel" aria-labelledby="terms-heading">
          <h2 id="terms-heading">Terms</h2>
          <p className="quote-terms" id="quote-terms">
            {view.paymentTerms}
          </p>
          <p className="hint">No payment is taken on this page: the studio will invoice you.</p>
        </section>
      ) : null}

      {view.canDecide ? (
        <>
          <AcceptForm view={view} lastResult={actionData?.form === "accept" ? actionData.result : undefined} />
          <DeclineForm lastResult={actionData?.form === "decline" ? actionData.result : undefined} />
        </>
      ) : null}

      <p className="hint">
        Questions? Contact {view.contact.name} at <a href={`mailto:${view.contact.email}`}>{view.contact.email}</a>
        {view.number ? ` and quote ${view.number}` : ""}.
      </p>
    </div>
  );
}

export const ErrorBoundary = QuoteLinkProblem;
