import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { formatMoney } from "~/domain/money";
import { studioDateTime } from "~/components/admin/format";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { REQUEST_STATUSES, REQUEST_STATUS_LABELS } from "~/domain/service-request-status";
import { listServiceRequests, packageNameOf, parseRequestListQuery } from "~/server/services/admin-requests.server";

// /admin/requests: clients' service requests, newest first, filtered by status.

export const meta: MetaFunction = () => [{ title: "Service requests · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const parsed = parseRequestListQuery(new URL(request.url).searchParams);
  const query = parsed.ok ? parsed.query : { status: null, page: 1 };
  const timeZone = services.config.bookingRules.studioTimeZone;
  const list = await listServiceRequests(services.db, query);
  return json({
    timeZone,
    status: query.status,
    page: list.page,
    pages: list.pages,
    total: list.total,
    invalid: parsed.ok ? null : "That filter wasn't recognised, so every request is shown.",
    items: list.items.map((r) => ({
      id: r.id,
      consultationId: r.consultationId,
      sentAt: studioDateTime(r.createdAt, timeZone),
      customerName: r.customerName,
      projectName: r.projectName,
      packageName: packageNameOf(r),
      trackCount: r.trackCount,
      estimate: formatMoney(r.estimateTotalMinor, r.currency),
      wishedDeadline: r.wishedDeadline,
      status: REQUEST_STATUS_LABELS[r.status],
    })),
  });
}

export default function Requests() {
  const data = useLoaderData<typeof loader>();
  const link = (params: Record<string, string>) => `/admin/requests?${new URLSearchParams(params)}`;
  return (
    <section className="admin-page" aria-labelledby="requests-heading">
      <h1 id="requests-heading">Service requests</h1>
      <p>What clients asked for after their consultation, with the estimate computed from the catalogue when they sent it. Times in {data.timeZone}.</p>
      {data.invalid ? <p className="warning-text">{data.invalid}</p> : null}
      <nav aria-label="Filter by status" className="status-tabs">
        <ul>
          <li>
            <Link to="/admin/requests" aria-current={data.status === null ? "page" : undefined}>
              All
            </Link>
          </li>
          {REQUEST_STATUSES.map((s) => (
            <li key={s}>
              <Link to={link({ status: s })} aria-current={data.status === s ? "page" : undefined}>
                {REQUEST_STATUS_LABELS[s]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {data.items.length === 0 ? (
        <p className="panel admin-muted">No service requests{data.status ? " with this status" : " yet"}.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Service requests, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Client and project</th>
                <th scope="col">Package</th>
                <th scope="col" className="num">
                  Tracks
                </th>
                <th scope="col" className="num">
                  Estimate
                </th>
                <th scope="col">Wished by</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/admin/requests/${r.id}`}>{r.sentAt}</Link>
                  </td>
                  <td>
                    {r.customerName}
                    <div className="admin-muted small">{r.projectName}</div>
                  </td>
                  <td>{r.packageName}</td>
                  <td className="num">{r.trackCount}</td>
                  <td className="num">{r.estimate}</td>
                  <td>{r.wishedDeadline ?? "–"}</td>
                  <td>{r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.pages > 1 ? (
        <nav aria-label="Pages" className="pager">
          {data.page > 1 ? <Link to={link({ ...(data.status ? { status: data.status } : {}), page: String(data.page - 1) })}>Previous</Link> : null}
          <span>
            Page {data.page} of {data.pages}
          </span>
          {data.page < data.pages ? <Link to={link({ ...(data.status ? { status: data.status } : {}), page: String(data.page + 1) })}>Next</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
