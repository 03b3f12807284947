import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { LINK_PROBLEMS } from "~/domain/manage";

// The ErrorBoundary of the client's manage pages: a link that is mistyped or
// tampered with (404) or has expired (410) gets a friendly page, not a 500.
export function ManageLinkProblem() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const problem = status === 410 ? LINK_PROBLEMS.expired : status === 404 ? LINK_PROBLEMS.invalid : status === 401 ? LINK_PROBLEMS.keyMissing : null;
  return (
    <section className="panel" role="alert" aria-labelledby="link-problem-heading">
      <h1 id="link-problem-heading">{problem ? problem.title : "Something went wrong"}</h1>
      <p>{problem ? problem.text : "Nothing about your booking was changed. Please try again in a moment."}</p>
      <p>
        <Link reloadDocument to="/book">Book a consultation</Link>
      </p>
    </section>
  );
}
