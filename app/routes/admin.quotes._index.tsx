import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatMoney } from "~/domain/money";
import { QUOTE_STATUSES } from "~/domain/quote";
import { studioDate } from "~/components/admin/format";
import { QuoteStatusBadge } from "~/components/quotes/quote-status-badge";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { listQuotes, LIST_LIMIT, quoteListQuerySchema } from "~/server/services/quote-admin.server";
import { QUOTE_STATUS_LABELS } from "~/server/services/quote-view.server";
import quoteStyles from "~/styles/quotes.css";

// /admin/quotes: every quote, newest first, filtered by status (a plain GET
// form, so it works without JavaScript). Drafts come from a service request's
// "Draft a quote" button.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: quoteStyles }];
export const meta: MetaFunction = () => [{ title: "Quotes · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const url = new URL(request.url);
  const query = quoteListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  const filter = query.success ? query.data : {};
  const now = services.now();
  const timeZone = services.config.bookingRules.studioTimeZone;
  const rows = await listQuotes(services.db, now, filter);
  return json({
    status: filter.status ?? "",
    rows: rows.map((r) => ({
      ...r,
      total: formatMoney(r.totalMinor, r.currency),
      made: studioDate(r.createdAt, timeZone),
      expires: r.expiresAt && r.status === "sent" ? studioDate(r.expiresAt - 1, timeZone) : null,
    })),
  });
}

export default function AdminQuotes() {
  const data = useLoaderData<typeof loader>();
  return (
    <section className="admin-page admin-list" aria-labelledby="quotes-heading">
      <div className="admin-heading">
        <h1 id="quotes-heading">Quotes</h1>
      </div>
      <p className="hint">Draft a quote from a client's service request. Totals are without optional extras, unless the client accepted them.</p>
      <Form method="get" className="list-filters">
        <div className="field">
          <label htmlFor="quote-status">Status</label>
          <select id="quote-status" name="status" defaultValue={data.status}>
            <option value="">All</option>
            {QUOTE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {QUOTE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="list-filters__buttons">
          <button type="submit" className="button button--small">
            Show
          </button>
        </div>
      </Form>
      {data.rows.length === 0 ? (
        <p className="empty-state">{data.status ? "No quotes have this status." : "No quotes yet."}</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption>
              {data.rows.length} quote{data.rows.length === 1 ? "" : "s"}
              {data.rows.length === LIST_LIMIT ? ` (the newest ${LIST_LIMIT})` : ""}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Quote</th>
                <th scope="col">Client</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Made</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">
                    <Link to={`/admin/quotes/${r.id}`}>{r.number ?? "Draft"}</Link>
                  </td>
                  <td>
                    {r.customerName}
                    <div className="admin-muted small">{r.projectName}</div>
                  </td>
                  <td>
                    <QuoteStatusBadge status={r.status} />
                    {r.expires ? <div className="admin-muted small">until {r.expires}</div> : null}
                  </td>
                  <td className="num">{r.total}</td>
                  <td className="nowrap">{r.made}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
