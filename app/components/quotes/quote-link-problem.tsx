import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

// The ErrorBoundary of the client's quote page: a mistyped or tampered link
// (404) or an expired one (410) gets a friendly page, not a 500.
const PROBLEMS: Record<number, { title: string; text: string }> = {
  404: { title: "This link doesn't work", text: "The link to your quote may be mistyped or incomplete. Use the link in the latest email the studio sent you." },
  410: { title: "This link has expired", text: "Links to a quote stop working a year after they were sent. Contact the studio if you need the quote again." },
};

export function QuoteLinkProblem() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const problem = PROBLEMS[status];
  return (
    <section className="panel" role="alert" aria-labelledby="link-problem-heading">
      <h1 id="link-problem-heading">{problem ? problem.title : "Something went wrong"}</h1>
      <p>{problem ? problem.text : "Nothing about your quote was changed. Please try again in a moment."}</p>
    </section>
  );
}
