import { Form, Link } from "@remix-run/react";

// The quotes of one service request on /admin/requests/:id, and the button
// that drafts one (or opens the draft already there: the server decides).

export type RequestQuoteItem = { id: string; number: string | null; status: string; total: string; sentAt: string | null };

export function RequestQuotes({ requestId, quotes }: { requestId: string; quotes: RequestQuoteItem[] }) {
  const hasDraft = quotes.some((q) => q.status === "Draft");
  return (
    <section className="panel" aria-labelledby="quotes-heading">
      <h2 id="quotes-heading">Quotes</h2>
      {quotes.length === 0 ? (
        <p>No quote yet. A draft starts from this request's estimate; you can change every line before sending it.</p>
      ) : (
        <ul>
          {quotes.map((q) => (
            <li key={q.id}>
              <Link to={`/admin/quotes/${q.id}`}>{q.number ?? "Draft"}</Link>: {q.status}, {q.total}
              {q.sentAt ? `, sent ${q.sentAt}` : ""}
            </li>
          ))}
        </ul>
      )}
      <Form method="post" action="/admin/quotes/new">
        <input type="hidden" name="requestId" value={requestId} />
        <button type="submit" className="button button--primary">
          {hasDraft ? "Open the draft quote" : quotes.length ? "Draft a revised quote" : "Draft a quote"}
        </button>
      </Form>
    </section>
  );
}
