import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { percent } from "~/components/admin/format";
import { listQueryParams } from "~/domain/consultation-list";
import { BOOKING_RATE_TARGET, SOURCE_PERIOD_DAYS, sourcePeriod, type TargetStanding } from "~/domain/source-report";
import { loadSourceReport } from "~/server/admin/source-report.server";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";

// GET /admin/sources?days=7|30|90|365: per page of the studio's website that
// shows the booking button, its views, dialog opens, bookings and booking
// rate (bookings ÷ views) beside the 30–40 % target. docs/decisions/0038.

export const meta: MetaFunction = () => [{ title: "Booking sources · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const { db, config, now } = appServices(context);
  const days = sourcePeriod(new URL(request.url).searchParams.get("days"));
  const report = await loadSourceReport(db, { now: now(), timeZone: config.bookingRules.studioTimeZone, days });
  return json({ ...report, days, timeZone: config.bookingRules.studioTimeZone });
}

const STANDING: Record<TargetStanding, string> = {
  below: "Below target",
  on_target: "On target",
  above: "Above target",
  no_views: "No views counted",
};

const target = `${Math.round(BOOKING_RATE_TARGET.low * 100)}–${Math.round(BOOKING_RATE_TARGET.high * 100)}%`;

export default function Sources() {
  const r = useLoaderData<typeof loader>();
  const listLink = (page: string | null) => `/admin/consultations?${listQueryParams({ source: page ?? "direct", sort: "created", dir: "desc" })}`;
  return (
    <section className="admin-page" aria-labelledby="sources-heading">
      <h1 id="sources-heading">Booking sources</h1>
      <p>
        Pages of the studio's website that show the booking button: how often each was viewed, how often the booking was opened from it, and how many
        consultations it brought. The booking rate is bookings ÷ views; the studio's target is <strong>{target}</strong>. Counted per day in the
        studio's time zone ({r.timeZone}), without cookies or addresses.
      </p>
      <Form method="get" className="panel list-filters" aria-label="Period">
        <div className="field">
          <label htmlFor="sources-days">Period</label>
          <select id="sources-days" name="days" defaultValue={String(r.days)}>
            {SOURCE_PERIOD_DAYS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
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
      <p className="hint">
        {r.first} to {r.last}
      </p>
      {r.rows.length === 0 ? (
        <p>Nothing counted in this period yet. Add the booking button to a page (see the README) and its views appear here.</p>
      ) : (
        <div className="admin-table-wrap" tabIndex={0} role="region" aria-label="Bookings per source page">
          <table className="admin-table">
            <caption className="visually-hidden">Views, opens, bookings and booking rate per source page</caption>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col" className="num">Views</th>
                <th scope="col" className="num">Opens</th>
                <th scope="col" className="num">Bookings</th>
                <th scope="col" className="num">Booking rate</th>
                <th scope="col">Target {target}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row) => (
                <tr key={row.page ?? "direct"}>
                  <th scope="row">
                    {row.page ? <code className="break-all">{row.page}</code> : "Direct on /book (no source page)"}
                  </th>
                  <td className="num">{row.page ? row.views : "–"}</td>
                  <td className="num">{row.page ? row.opens : "–"}</td>
                  <td className="num">{row.bookings > 0 ? <Link to={listLink(row.page)}>{row.bookings}</Link> : 0}</td>
                  <td className="num">{row.rate === null ? "–" : percent(row.bookings, row.views)}</td>
                  <td>{row.page ? <span className={`standing standing--${row.standing}`}>{STANDING[row.standing]}</span> : null}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All pages with the button</th>
                <td className="num">{r.total.views}</td>
                <td className="num">{r.total.opens}</td>
                <td className="num">{r.total.bookings}</td>
                <td className="num">{r.total.rate === null ? "–" : percent(r.total.bookings, r.total.views)}</td>
                <td>
                  <span className={`standing standing--${r.total.standing}`}>{STANDING[r.total.standing]}</span>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {r.campaigns.length > 0 ? (
        <>
          <h2>Bookings by campaign (utm)</h2>
          <div className="admin-table-wrap" tabIndex={0} role="region" aria-label="Bookings by campaign">
            <table className="admin-table">
              <caption className="visually-hidden">Bookings by utm_source, utm_medium and utm_campaign</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Medium</th>
                  <th scope="col">Campaign</th>
                  <th scope="col" className="num">Bookings</th>
                </tr>
              </thead>
              <tbody>
                {r.campaigns.map((c) => (
                  <tr key={`${c.source}|${c.medium}|${c.campaign}`}>
                    <td>{c.source ?? "–"}</td>
                    <td>{c.medium ?? "–"}</td>
                    <td>{c.campaign ?? "–"}</td>
                    <td className="num">{c.bookings}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
