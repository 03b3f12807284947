import { Link } from "@remix-run/react";

// After a completed consultation: the way to the service request
// (/manage/:token/service), on the client's private page and the
// confirmation page. Renders nothing before that.
export function ServiceRequestLink({ status, managePath, studioName }: { status: string; managePath: string; studioName: string }) {
  if (status !== "completed") return null;
  return (
    <section className="panel" aria-labelledby="next-step-heading">
      <h2 id="next-step-heading">Ready for the next step?</h2>
      <p>Ask {studioName} for mixing, mastering or production. We've picked what fits your project; you'll see an estimate before you send anything.</p>
      <p>
        <Link to={`${managePath.replace(/\/+$/, "")}/service`} className="button button--primary">
          Request mixing, mastering or production
        </Link>
      </p>
    </section>
  );
}
