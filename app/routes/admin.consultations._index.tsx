import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CONSULTATION_STATUSES, consultationReference, GENRES } from "~/domain/consultation";
import { DEFAULT_DIRECTION, isFiltered, listQueryParams, readListQuery, SORT_LABELS, type ListQuery, type ListSort } from "~/domain/consultation-list";
import { RatingFilterField, RatingNote } from "~/components/admin/rating-filter";
import { STATUS_LABELS } from "~/domain/status";
import { zonedDate } from "~/domain/time-zones";
import { studioDate, studioDateTime } from "~/components/admin/format";
import { StatusBadge } from "~/components/admin/status-badge";
import { ErrorList } from "~/components/field";
import { listConsultations } from "~/server/admin/consultation-list.server";
import { requireAdmin } from "~/server/auth/require-admin.server";

export const meta: MetaFunction = () => [{ title: "Consultations · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

// GET /admin/consultations?q=&status=&genre=&rating=&from=&to=&sort=&dir=&page=
// The URL is the state: a plain GET form, links for tabs, sorting and pages.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const { query, errors } = readListQuery(url.searchParams);
  const timeZone = context.config.bookingRules.studioTimeZone;
  const page = await listConsultations(context.cloudflare.env.DB, query, timeZone);
  return json({
    query,
    errors,
    timeZone,
    today: zonedDate(Date.now(), timeZone),
    counts: page.counts,
    total: page.total,
    page: page.page,
    pages: page.pages,
    hasNextPage: page.hasNextPage,
    pageSize: page.pageSize,
    countLimit: page.countLimit,
    rows: page.rows.map((r) => ({
      id: r.id,
      reference: consultationReference(r.id),
      when: studioDateTime(r.consultationDate, timeZone),
      customerName: r.customerName,
      customerEmail: r.customerEmail,
      projectName: r.projectName,
      genre: r.genre,
      status: r.status,
      bookedOn: studioDate(r.createdAt, timeZone),
      rating: r.rating,
    })),
  });
}

export default function ConsultationList() {
  const data = useLoaderData<typeof loader>();
  const { query, counts, rows, total, page, pages, hasNextPage, pageSize } = data;
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/admin/consultations";
  const href = (overrides: Partial<ListQuery>) => {
    const params = listQueryParams(query, overrides).toString();
    return params ? `/admin/consultations?${params}` : "/admin/consultations";
  };
  const csvParams = listQueryParams(query, { page: 1 }).toString();
  const first = (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + rows.length;
  // A broad search's counts stop at countLimit (docs/decisions/0044).
  const overLimit = `${data.countLimit.toLocaleString("en-GB")}+`;
  const of = total !== null ? String(total) : query.status ? "many" : `more than ${data.countLimit.toLocaleString("en-GB")}`;

  return (
    <section className="admin-page admin-list" aria-busy={loading || undefined}>
      <div className="admin-heading">
        <h1>Consultations</h1>
        <div className="admin-actions">
          <Link to={href({ status: "scheduled", from: data.today, to: undefined, sort: "date", dir: "asc", page: 1, q: undefined, genre: undefined })} className="button button--small">
            Upcoming
          </Link>
          <a href={`/admin/consultations.csv${csvParams ? `?${csvParams}` : ""}`} className="button button--small" download>
            Export CSV<span className="visually-hidden"> of these filters</span>
          </a>
        </div>
      </div>
      <p className="hint">Times are in the studio's time zone, {data.timeZone}.</p>

      <nav aria-label="Status" className="status-tabs">
        <ul>
          {(["all", ...CONSULTATION_STATUSES] as const).map((status) => {
            const current = status === "all" ? !query.status : query.status === status;
            return (
              <li key={status}>
                <Link to={href({ status: status === "all" ? undefined : status, page: 1 })} aria-current={current ? "page" : undefined}>
                  {status === "all" ? "All" : STATUS_LABELS[status]}{" "}
                  {counts ? <span className="count">{counts[status]}</span> : status === "all" ? <span className="count">{overLimit}</span> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {counts ? null : (
        <p className="hint" id="list-count-limit">
          More than {data.countLimit.toLocaleString("en-GB")} consultations match this search, so the counts stop there. Add words or a filter to see exact
          counts.
        </p>
      )}

      <Form method="get" className="panel list-filters" role="search" aria-label="Filter consultations">
        {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
        {query.sort !== "date" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== DEFAULT_DIRECTION[query.sort] ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <div className="field list-filters__search">
          <label htmlFor="list-q">Search</label>
          <input id="list-q" type="search" name="q" defaultValue={query.q ?? ""} placeholder="Name, email or project" maxLength={100} aria-describedby="list-q-errors" />
          <ErrorList id="list-q-errors" errors={data.errors.q} />
        </div>
        <div className="field">
          <label htmlFor="list-genre">Genre</label>
          <select id="list-genre" name="genre" defaultValue={query.genre ?? ""} aria-describedby="list-genre-errors">
            <option value="">Any genre</option>
            {GENRES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
          <ErrorList id="list-genre-errors" errors={data.errors.genre} />
        </div>
        <RatingFilterField value={query.rating} errors={data.errors.rating} />
        <div className="field">
          <label htmlFor="list-from">From</label>
          <input id="list-from" type="date" name="from" defaultValue={query.from ?? ""} aria-describedby="list-from-errors" />
          <ErrorList id="list-from-errors" errors={data.errors.from} />
        </div>
        <div className="field">
          <label htmlFor="list-to">To</label>
          <input id="list-to" type="date" name="to" defaultValue={query.to ?? ""} aria-describedby="list-to-errors" />
          <ErrorList id="list-to-errors" errors={data.errors.to} />
        </div>
        <div className="field">
          <label htmlFor="list-source">Source page</label>
          <input id="list-source" type="text" name="source" defaultValue={query.source ?? ""} placeholder="/services/mixing or direct" maxLength={300} aria-describedby="list-source-errors" />
          <ErrorList id="list-source-errors" errors={data.errors.source} />
        </div>
        <div className="list-filters__buttons">
          <button type="submit" className="button button--small">
            Apply
          </button>
          {isFiltered(query) ? <Link to="/admin/consultations">Clear filters</Link> : null}
        </div>
        {Object.keys(data.errors).some((k) => !["q", "genre", "rating", "from", "to", "source"].includes(k)) ? (
          <div className="banner banner--error" role="alert">
            Some of the link's settings were not understood and were ignored:{" "}
            {Object.entries(data.errors)
              .filter(([k]) => !["q", "genre", "rating", "from", "to", "source"].includes(k))
              .flatMap(([, messages]) => messages)
              .join(" ")}
          </div>
        ) : null}
      </Form>

      {rows.length === 0 ? (
        <p className="panel empty-state">
          {isFiltered(query) ? (
            <>
              No consultations match these filters. <Link to="/admin/consultations">Clear the filters</Link>
            </>
          ) : page > 1 ? (
            <>
              There is nothing on this page. <Link to={href({ page: 1 })}>Go to the first page</Link>
            </>
          ) : (
            "No consultations have been booked yet."
          )}
        </p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table consultation-table">
            <caption>
              {first}–{last} of {of} consultation{total === 1 ? "" : "s"}, by {SORT_LABELS[query.sort].toLowerCase()} ({query.dir === "asc" ? "ascending" : "descending"})
            </caption>
            <thead>
              <tr>
                <SortHeader label="When" sort="date" query={query} href={href} />
                <SortHeader label="Client" sort="name" query={query} href={href} />
                <th scope="col">Project</th>
                <th scope="col">Status</th>
                <SortHeader label="Booked" sort="created" query={query} href={href} />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">
                    <Link to={`/admin/consultations/${r.id}`}>{r.when}</Link>
                    <div className="admin-muted small">{r.reference}</div>
                  </td>
                  <td>
                    {r.customerName}
                    <div className="admin-muted small">{r.customerEmail}</div>
                  </td>
                  <td>
                    {r.projectName}
                    <div className="admin-muted small">{r.genre}</div>
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                    <RatingNote rating={r.rating} />
                  </td>
                  <td className="nowrap">{r.bookedOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pages === null || pages > 1 ? (
        <nav aria-label="Pages" className="pager">
          {page > 1 ? (
            <Link to={href({ page: page - 1 })} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {page} of {pages ?? "many"}
          </span>
          {hasNextPage ? (
            <Link to={href({ page: page + 1 })} rel="next">
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

function SortHeader({ label, sort, query, href }: { label: string; sort: ListSort; query: ListQuery; href: (o: Partial<ListQuery>) => string }) {
  const active = query.sort === sort;
  const nextDir = active ? (query.dir === "asc" ? "desc" : "asc") : sort === "name" ? "asc" : "desc";
  return (
    <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link
        to={href({ sort, dir: nextDir, page: 1 })}
        className="sort-link"
        aria-label={`${label}, sort ${nextDir === "asc" ? "ascending" : "descending"}`}
      >
        {label}
        <span aria-hidden="true">{active ? (query.dir === "asc" ? " ▲" : " ▼") : " ↕"}</span>
      </Link>
    </th>
  );
}
