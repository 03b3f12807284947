import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { SHORT_WEEKDAY_NAMES } from "~/domain/calendar-date";
import { CONSULTATION_STATUSES } from "~/domain/consultation";
import { STATUS_LABELS } from "~/domain/status";
import { ChartFigure, HeatmapChart, HorizontalBars, SeriesTable, StackedBarChart, type SeriesKey, type StackedBar } from "~/components/admin/charts";
import { percent } from "~/components/admin/format";
import { FeedbackReport, FunnelReport } from "~/components/admin/service-reports";
import { Tile } from "~/components/admin/tile";
import { PERIOD_LABELS, periodSchema, REPORT_PERIODS } from "~/domain/report-period";
import { loadServiceReports } from "~/server/admin/feedback-reports.server";
import { loadReports } from "~/server/admin/reports.server";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";

export const meta: MetaFunction = () => [{ title: "Reports · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

// GET /admin/reports?period=3m|6m|12m|all
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const period = periodSchema.parse(new URL(request.url).searchParams.get("period") ?? undefined);
  const now = services.now();
  const [report, after] = await Promise.all([
    loadReports(services.db, { now, rules: services.config.bookingRules, period }),
    loadServiceReports(context.cloudflare.env.DB, { now, timeZone: services.config.bookingRules.studioTimeZone, period, currency: services.config.services.currency }),
  ]);
  return json({ ...report, after });
}

// Stacked in this order, bottom to top.
const STATUS_SERIES: SeriesKey[] = (["completed", "no_show", "scheduled", "cancelled"] as const).map((s) => ({
  key: s,
  label: STATUS_LABELS[s],
  className: `chart-status-${s}`,
}));

export default function Reports() {
  const r = useLoaderData<typeof loader>();
  const weekly: StackedBar[] = r.weekly.map((b) => ({ key: b.key, label: b.label, values: b.counts, highlight: b.current }));
  const monthly: StackedBar[] = r.monthly.map((b) => ({ key: b.key, label: b.label, values: b.counts, highlight: b.current }));
  const periodName = PERIOD_LABELS[r.period].toLowerCase();
  const b = r.breakdown;
  const decided = b.counts.completed + b.counts.no_show;
  const weekTotal = r.weekly.reduce((sum, w) => sum + w.total, 0);
  const heatRows = r.heatmap.weekdays.map((d) => SHORT_WEEKDAY_NAMES[d - 1]);
  const heatColumns = r.heatmap.hours.map((h) => `${String(h).padStart(2, "0")}:00`);
  const busiest = busiestCell(r.heatmap.cells, heatRows, heatColumns);

  return (
    <section className="admin-page reports" aria-labelledby="reports-heading">
      <h1 id="reports-heading">Reports</h1>
      <p className="hint">
        By consultation date, in the studio's time zone ({r.timeZone}). The weekly and monthly charts always show the recent past and the weeks
        ahead; the figures below them cover the period you choose.
      </p>

      <ChartFigure
        id="weekly"
        title="Consultations per week"
        description="(weeks start on Monday; the highlighted week is this one)"
        table={<SeriesTable caption="Consultations per week by status" rowHeader="Week of" bars={weekly} series={STATUS_SERIES} />}
      >
        <StackedBarChart
          bars={weekly}
          series={STATUS_SERIES}
          label={`Stacked bar chart of consultations per week by status, ${weekly.length} weeks, ${weekTotal} consultations in all. The table beside it lists the numbers.`}
        />
      </ChartFigure>

      <ChartFigure
        id="monthly"
        title="Consultations per month"
        table={<SeriesTable caption="Consultations per month by status" rowHeader="Month" bars={monthly} series={STATUS_SERIES} />}
      >
        <StackedBarChart
          bars={monthly}
          series={STATUS_SERIES}
          label={`Stacked bar chart of consultations per month by status over ${monthly.length} months. The table beside it lists the numbers.`}
        />
      </ChartFigure>

      <nav aria-label="Period" className="status-tabs period-tabs">
        <ul>
          {REPORT_PERIODS.map((p) => (
            <li key={p}>
              <Link to={p === "3m" ? "/admin/reports" : `/admin/reports?period=${p}`} aria-current={p === r.period ? "page" : undefined} preventScrollReset>
                {PERIOD_LABELS[p]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <h2>Status, {periodName}</h2>
      <div className="tiles">
        <Tile label="Consultations" value={String(b.total)} note="incl. upcoming" />
        <Tile label="No-show rate" value={b.noShowRate === null ? "–" : percent(b.counts.no_show, decided)} note={`${b.counts.no_show} of ${decided} with an outcome`} />
        <Tile label="Cancelled" value={String(b.counts.cancelled)} note={`${r.cancelledBy.client} by clients, ${r.cancelledBy.studio} by the studio`} />
        <Tile label="Awaiting an outcome" value={String(b.awaitingOutcome)} note="past, still scheduled" link={b.awaitingOutcome > 0 ? "/admin/consultations?status=scheduled&sort=date&dir=asc" : undefined} />
      </div>
      <ChartFigure
        id="breakdown"
        title="Status breakdown"
        description={`(${periodName})`}
        table={
          <table className="admin-table chart-table">
            <caption className="visually-hidden">Consultations by status</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Consultations
                </th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {CONSULTATION_STATUSES.map((s) => (
                <tr key={s}>
                  <th scope="row">{STATUS_LABELS[s]}</th>
                  <td className="num">{b.counts[s]}</td>
                  <td className="num">{percent(b.counts[s], b.total)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Cancelled by the client</th>
                <td className="num">{r.cancelledBy.client}</td>
                <td className="num">{percent(r.cancelledBy.client, b.total)}</td>
              </tr>
              <tr>
                <th scope="row">Cancelled by the studio</th>
                <td className="num">{r.cancelledBy.studio}</td>
                <td className="num">{percent(r.cancelledBy.studio, b.total)}</td>
              </tr>
            </tbody>
          </table>
        }
      >
        <HorizontalBars
          label={`Bar chart of consultations by status: ${CONSULTATION_STATUSES.map((s) => `${STATUS_LABELS[s]} ${b.counts[s]}`).join(", ")}.`}
          items={(["completed", "no_show", "scheduled", "cancelled"] as const).map((s) => ({ label: STATUS_LABELS[s], value: b.counts[s], className: `chart-status-${s}` }))}
        />
      </ChartFigure>

      <FunnelReport funnel={r.after.funnel} currency={r.after.currency} periodName={periodName} />

      <FeedbackReport rating={r.after.rating} periodName={periodName} hasPrevious={r.period !== "all"} />

      <h2>Popular times, {periodName}</h2>
      <ChartFigure
        id="heatmap"
        title="Bookings by weekday and hour"
        description={`(studio time, ${r.timeZone}; cancelled bookings count, as they show demand)`}
        table={
          <table className="admin-table chart-table">
            <caption className="visually-hidden">Bookings by weekday and hour</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {heatColumns.map((c) => (
                  <th scope="col" key={c} className="num">
                    {c.slice(0, 2)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {heatRows.map((row, i) => (
                <tr key={row}>
                  <th scope="row">{row}</th>
                  {r.heatmap.cells[i].map((v, j) => (
                    <td key={j} className="num">
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <HeatmapChart
          rows={heatRows}
          columns={heatColumns.map((c) => c.slice(0, 2))}
          cells={r.heatmap.cells}
          max={r.heatmap.max}
          label={busiest ? `Heatmap of bookings by weekday and hour. The busiest is ${busiest}. The table beside it lists every cell.` : "Heatmap of bookings by weekday and hour: no bookings in this period."}
        />
      </ChartFigure>

      <h2>Email engagement, {periodName}</h2>
      {r.email.sent === 0 ? (
        <p className="panel admin-muted">No emails were sent in this period.</p>
      ) : (
        <ChartFigure
          id="email"
          title="Emails delivered, bounced and opened"
          description="(opens are only counted when the recipient's mail app loads images)"
          table={
            <table className="admin-table chart-table">
              <caption className="visually-hidden">Email engagement</caption>
              <thead>
                <tr>
                  <th scope="col">Emails</th>
                  <th scope="col" className="num">
                    Count
                  </th>
                  <th scope="col" className="num">
                    Of sent
                  </th>
                </tr>
              </thead>
              <tbody>
                {(["sent", "delivered", "bounced", "opened"] as const).map((k) => (
                  <tr key={k}>
                    <th scope="row">{k[0].toUpperCase() + k.slice(1)}</th>
                    <td className="num">{r.email[k]}</td>
                    <td className="num">{percent(r.email[k], r.email.sent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          <HorizontalBars
            label={`Emails: ${r.email.sent} sent, ${r.email.delivered} delivered, ${r.email.bounced} bounced, ${r.email.opened} opened.`}
            items={[
              { label: "Sent", value: r.email.sent, className: "chart-series-1" },
              { label: "Delivered", value: r.email.delivered, className: "chart-status-completed" },
              { label: "Bounced", value: r.email.bounced, className: "chart-status-no_show" },
              { label: "Opened", value: r.email.opened, className: "chart-status-scheduled" },
            ]}
          />
        </ChartFigure>
      )}
    </section>
  );
}

function busiestCell(cells: number[][], rows: string[], columns: string[]): string | null {
  let best: { v: number; i: number; j: number } | null = null;
  cells.forEach((row, i) => row.forEach((v, j) => (!best || v > best.v ? (best = { v, i, j }) : null)));
  const b = best as { v: number; i: number; j: number } | null;
  return b && b.v > 0 ? `${rows[b.i]} ${columns[b.j]} with ${b.v} booking${b.v === 1 ? "" : "s"}` : null;
}
