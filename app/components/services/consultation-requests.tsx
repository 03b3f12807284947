import { Link } from "@remix-run/react";

// The admin consultation page's list of the service requests that came from it.
export type ConsultationRequestItem = { id: string; sentAt: string; packageName: string; estimate: string; status: string };

export function ConsultationRequests({ requests }: { requests: ConsultationRequestItem[] }) {
  return (
    <section className="panel" aria-labelledby="service-requests-heading">
      <h2 id="service-requests-heading">Service requests</h2>
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
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
