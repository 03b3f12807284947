import { Link } from "@remix-run/react";
import type { QuoteStatus } from "~/domain/quote";
import { ProjectStatusBadge, type AdminProjectStatus } from "~/components/admin/project-status-badge";
import { QuoteStatusBadge } from "~/components/quotes/quote-status-badge";

// The admin consultation page's list of the service requests that came from
// it, each with its quotes and the project an accepted quote made.
export type ConsultationRequestItem = {
  id: string;
  sentAt: string;
  packageName: string;
  estimate: string;
  status: string;
  quotes: { id: string; number: string | null; status: QuoteStatus; project: { id: string; status: AdminProjectStatus } | null }[];
};

export function ConsultationRequests({ requests }: { requests: ConsultationRequestItem[] }) {
  return (
    <section className="panel" aria-labelledby="service-requests-heading">
      <h2 id="service-requests-heading">Service requests, quotes and projects</h2>
      {requests.length === 0 ? (
        <p className="admin-muted">No service request from this consultation yet.</p>
      ) : (
        <ul className="plain-list">
          {requests.map((r) => (
            <li key={r.id}>
              <Link to={`/admin/requests/${r.id}`}>
                {r.packageName}, {r.estimate}
              </Link>{" "}
              <span className="admin-muted small">
                sent {r.sentAt} · {r.status}
              </span>
              {r.quotes.length ? (
                <ul className="plain-list nested-list">
                  {r.quotes.map((q) => (
                    <li key={q.id}>
                      <Link to={`/admin/quotes/${q.id}`}>{q.number ? `Quote ${q.number}` : "Draft quote"}</Link> <QuoteStatusBadge status={q.status} />
                      {q.project ? (
                        <>
                          {" "}
                          → <Link to={`/admin/projects/${q.project.id}`}>Project</Link> <ProjectStatusBadge status={q.project.status} />
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
