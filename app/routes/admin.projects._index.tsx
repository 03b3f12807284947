import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { MILESTONE_LABELS } from "~/domain/project";
import { longDateLabel, parseProjectListQuery, PROJECT_FILTERS, type ProjectFilter } from "~/domain/project-forms";
import { formatMoney } from "~/domain/money";
import { zonedDate } from "~/domain/time-zones";
import { Banner } from "~/components/banner";
import { ADMIN_PROJECT_STATUS_LABELS, ProjectStatusBadge } from "~/components/admin/project-status-badge";
import { requireAdmin } from "~/server/auth/require-admin.server";
import { appServices } from "~/server/context.server";
import { listProjects } from "~/server/services/project-queries.server";

export const meta: MetaFunction = () => [{ title: "Projects · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

// GET /admin/projects?status=open|awaiting_files|in_progress|delivered|cancelled|all&page=N
// Open projects first, the soonest due first. The URL is the state: tabs and pages are links.

const FILTER_LABELS: Record<ProjectFilter, string> = { open: "Open", ...ADMIN_PROJECT_STATUS_LABELS, all: "All" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const services = appServices(context);
  const parsed = parseProjectListQuery(new URL(request.url).searchParams);
  // A link with a setting we don't know shows the default view and says so.
  const query = parsed.ok ? parsed.query : { status: "open" as const, page: 1 };
  const page = await listProjects(services.db, query);
  const timeZone = services.config.bookingRules.studioTimeZone;
  const today = zonedDate(services.now(), timeZone);
  return json({
    query,
    problems: parsed.ok ? [] : Object.values(parsed.errors).flat(),
    timeZone,
    counts: page.counts,
    total: page.total,
    page: page.page,
    pages: page.pages,
    rows: page.rows.map((p) => ({
      id: p.id,
      status: p.status,
      customerName: p.customerName,
      customerEmail: p.customerEmail,
      projectName: p.projectName,
      quoteNumber: p.quoteNumber,
      total: formatMoney(p.totalMinor, p.currency),
      due: p.dueDate ? longDateLabel(p.dueDate) : null,
      overdue: p.dueDate !== null && p.dueDate < today && p.status === "in_progress",
      next: p.nextMilestone && p.status !== "cancelled" ? MILESTONE_LABELS[p.nextMilestone] : null,
      turnaroundDays: p.turnaroundDays,
    })),
  });
}

export default function ProjectList() {
  const data = useLoaderData<typeof loader>();
  const { query, counts, rows, page, pages } = data;
  const href = (status: ProjectFilter, p = 1) => {
    const params = new URLSearchParams();
    if (status !== "open") params.set("status", status);
    if (p > 1) params.set("page", String(p));
    const s = params.toString();
    return s ? `/admin/projects?${s}` : "/admin/projects";
  };

  return (
    <section className="admin-page admin-list">
      <div className="admin-heading">
        <h1>Projects</h1>
      </div>
      <p className="hint">
        A project starts when a client accepts a quote. Due dates are the studio's working days ({data.timeZone}), counted from the day the files
        arrive.
      </p>
      <Banner tone="error">{data.problems.length ? `Some of the link's settings were not understood and were ignored: ${data.problems.join(" ")}` : null}</Banner>

      <nav aria-label="Project status" className="status-tabs">
        <ul>
          {PROJECT_FILTERS.map((status) => (
            <li key={status}>
              <Link to={href(status)} aria-current={query.status === status ? "page" : undefined}>
                {FILTER_LABELS[status]} <span className="count">{counts[status]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {rows.length === 0 ? (
        <p className="panel empty-state">
          {page > 1 ? (
            <>
              There is nothing on this page. <Link to={href(query.status)}>Go to the first page</Link>
            </>
          ) : query.status === "open" ? (
            "No open projects. A project appears here when a client accepts a quote."
          ) : (
            `No ${FILTER_LABELS[query.status].toLowerCase()} projects.`
          )}
        </p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table project-table">
            <caption>
              {data.total} {FILTER_LABELS[query.status].toLowerCase()} project{data.total === 1 ? "" : "s"}, open ones first, soonest due first
            </caption>
            <thead>
              <tr>
                <th scope="col">Client and project</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col">Next milestone</th>
                <th scope="col">Quote</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/admin/projects/${r.id}`}>
                      {r.customerName}: {r.projectName}
                    </Link>
                    <div className="admin-muted small">{r.customerEmail}</div>
                  </td>
                  <td>
                    <ProjectStatusBadge status={r.status} />
                  </td>
                  <td className="nowrap">
                    {r.due ? (
                      <span className={r.overdue ? "overdue" : undefined}>
                        {r.due}
                        {r.overdue ? " (overdue)" : ""}
                      </span>
                    ) : (
                      <span className="admin-muted">{r.status === "awaiting_files" ? `${r.turnaroundDays} working days after the files` : "—"}</span>
                    )}
                  </td>
                  <td>{r.next ?? <span className="admin-muted">—</span>}</td>
                  <td className="nowrap">
                    {r.quoteNumber ?? <span className="admin-muted">No number</span>}
                    <div className="admin-muted small">{r.total}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pages > 1 ? (
        <nav aria-label="Pages" className="pager">
          {page > 1 ? (
            <Link to={href(query.status, page - 1)} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link to={href(query.status, page + 1)} rel="next">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}
