import type { ClientRequestView } from "~/server/services/client-requests.server";

// The client's private page: the service requests already sent from this
// consultation and, once the studio has sent one, the link to its quote.
export function ClientRequests({ requests, studioName }: { requests: ClientRequestView[]; studioName: string }) {
  if (requests.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="client-requests-heading">
      <h2 id="client-requests-heading">Your requests</h2>
      <ul className="plain-list">
        {requests.map((r) => (
          <li key={r.id}>
            <strong>{r.packageName}</strong>, estimated {r.estimate} <span className="hint">(sent {r.sentOn})</span>
            <br />
            {r.quote ? (
              <>
                <a href={r.quote.url}>Quote {r.quote.number}</a>: {r.quote.state}
              </>
            ) : (
              <>{studioName} will reply with a quote.</>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
