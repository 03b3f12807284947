import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { consultationReference } from "~/domain/consultation";
import { percent, studioDateTime, studioTime } from "~/components/admin/format";
import { StatusBadge } from "~/components/admin/status-badge";
import { Tile } from "~/components/admin/tile";
import { dashboardFigures } from "~/server/admin/reports.server";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { calendarSyncHealth, consultationsNotCheckedAgainstCalendar } from "~/server/calendar-sync/reconciler.server";
import { appServices } from "~/server/context.server";
import { outboxCounts } from "~/server/outbox/admin.server";

// The studio's overview: today's consultations, what needs attention, and
// whether the calendar and the outbox are healthy.
export const meta: MetaFunction = () => [{ title: "Dashboard · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Nested loaders run in parallel: the layout's check doesn't cover this one.
  const admin = await requireAdmin(request, context);
  const services = appServices(context);
  const now = services.now();
  const rules = services.config.bookingRules;
  const tz = rules.studioTimeZone;
  const [figures, sync, unchecked, outbox] = await Promise.all([
    dashboardFigures(services.db, { now, rules }),
    calendarSyncHealth(services.db),
    consultationsNotCheckedAgainstCalendar(services.db, 10),
    outboxCounts(services.db, now),
  ]);
  const at = (ms: number | null) => (ms === null ? null : studioDateTime(ms, tz));
  return json({
    name: admin.name,
    timeZone: tz,
    date: figures.date,
    today: figures.today.map((c) => ({ id: c.id, time: studioTime(c.startsAt, tz), customerName: c.customerName, projectName: c.projectName, status: c.status, past: c.startsAt < now })),
    nextSevenDays: figures.nextSevenDays,
    last90: figures.last90,
    sync: {
      calendar: sync.calendar,
      lastApiOkAt: at(sync.lastApiOkAt),
      lastApiError: sync.lastApiError,
      lastApiErrorAt: at(sync.lastApiErrorAt),
      errorIsNewer: sync.lastApiErrorAt !== null && (sync.lastApiOkAt === null || sync.lastApiErrorAt > sync.lastApiOkAt),
      lastReconciledAt: at(sync.lastReconciledAt),
      outOfSyncIds: sync.outOfSyncIds.slice(0, 10),
      outOfSyncCount: sync.outOfSyncCount,
      busyListReadAt: at(sync.busyList.lastReadAt),
      busyListError: sync.busyList.lastError,
      uncheckedCount: sync.uncheckedCount,
      unchecked: unchecked.map((u) => ({ id: u.id, when: studioDateTime(u.consultationDate, tz), projectName: u.projectName })),
    },
    outbox,
  });
}

export default function AdminDashboard() {
  const d = useLoaderData<typeof loader>();
  const decided = d.last90.counts.completed + d.last90.counts.no_show;
  const calendarProblem = d.sync.errorIsNewer || d.sync.outOfSyncCount > 0 || d.sync.uncheckedCount > 0;
  return (
    <section className="admin-page dashboard" aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">Dashboard</h1>
      <p>
        Welcome back, {d.name}. Times are in the studio's time zone, {d.timeZone}.
      </p>

      <div className="tiles">
        <Tile label="Today" value={String(d.today.length)} note={d.today.length === 1 ? "consultation" : "consultations"} />
        <Tile label="Next 7 days" value={String(d.nextSevenDays)} note="scheduled" link="/admin/consultations?status=scheduled&sort=date&dir=asc" />
        <Tile
          label="Awaiting an outcome"
          value={String(d.last90.awaitingOutcome)}
          note="past, still scheduled: mark completed or no-show"
          link={d.last90.awaitingOutcome > 0 ? `/admin/consultations?status=scheduled&to=${d.date}&sort=date&dir=asc` : undefined}
          problem={d.last90.awaitingOutcome > 0}
        />
        <Tile label="No-show rate" value={d.last90.noShowRate === null ? "–" : percent(d.last90.counts.no_show, decided)} note="last 90 days" link="/admin/reports" />
      </div>

      <div className="detail-grid">
        <section className="panel" aria-labelledby="today-heading">
          <h2 id="today-heading">Today's consultations</h2>
          {d.today.length === 0 ? (
            <p className="admin-muted">Nothing booked today.</p>
          ) : (
            <ul className="plain-list today-list">
              {d.today.map((c) => (
                <li key={c.id}>
                  <strong className="nowrap">{c.time}</strong> <Link to={`/admin/consultations/${c.id}`}>{c.customerName}</Link>: {c.projectName}{" "}
                  <StatusBadge status={c.status} />
                  {c.past && c.status === "scheduled" ? <span className="admin-muted small"> (record the outcome)</span> : null}
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/admin/consultations?status=scheduled&sort=date&dir=asc">All upcoming consultations</Link>
          </p>
        </section>

        <section className="panel" aria-labelledby="sync-heading">
          <h2 id="sync-heading">Calendar sync</h2>
          <p>
            <span className={`sync sync--${calendarProblem ? "problem" : "ok"}`}>{calendarProblem ? "Needs attention" : "Healthy"}</span>{" "}
            <span className="admin-muted">{d.sync.calendar === "google" ? "Google Calendar" : "Local calendar (Google not configured)"}</span>
          </p>
          <dl className="summary">
            <dt>Last successful call</dt>
            <dd>{d.sync.lastApiOkAt ?? <span className="admin-muted">Never</span>}</dd>
            {d.sync.lastApiError ? (
              <>
                <dt>Last error</dt>
                <dd>
                  {d.sync.lastApiError} <span className="admin-muted small">({d.sync.lastApiErrorAt})</span>
                </dd>
              </>
            ) : null}
            <dt>Busy times read</dt>
            <dd>{d.sync.busyListReadAt ?? <span className="admin-muted">Never</span>}</dd>
            <dt>Last check of all events</dt>
            <dd>{d.sync.lastReconciledAt ?? <span className="admin-muted">Not yet</span>}</dd>
            <dt>Out of sync</dt>
            <dd>{d.sync.outOfSyncCount}</dd>
            <dt>Booked unchecked</dt>
            <dd>{d.sync.uncheckedCount}</dd>
          </dl>
          {d.sync.outOfSyncIds.length > 0 ? (
            <>
              <h3>Out of sync</h3>
              <ul className="plain-list">
                {d.sync.outOfSyncIds.map((id) => (
                  <li key={id}>
                    <Link to={`/admin/consultations/${id}`}>{consultationReference(id)}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {d.sync.unchecked.length > 0 ? (
            <>
              <h3>Booked while the calendar couldn't be checked</h3>
              <p className="hint">Check the studio calendar for a clash at these times.</p>
              <ul className="plain-list">
                {d.sync.unchecked.map((u) => (
                  <li key={u.id}>
                    <Link to={`/admin/consultations/${u.id}`}>{u.when}</Link>: {u.projectName}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>

      <section className="panel" aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">Emails and calendar updates</h2>
        <p>
          {d.outbox.pending} waiting, {d.outbox.done} done
          {d.outbox.dead > 0 ? (
            <>
              ,{" "}
              <Link to="/admin/outbox" className="warning-text">
                {d.outbox.dead} failed for good: retry them in the Outbox
              </Link>
            </>
          ) : null}
          {d.outbox.overdue > 0 ? <span className="warning-text"> · {d.outbox.overdue} overdue by more than 5 minutes: is the cron running?</span> : null}
        </p>
      </section>
    </section>
  );
}
