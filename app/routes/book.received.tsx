import type { MetaFunction } from "@remix-run/cloudflare";
import { Link } from "@remix-run/react";

// Where the honeypot sends bots: it looks like success and stores nothing.
export const meta: MetaFunction = () => [{ title: "Request received" }];

export default function Received() {
  return (
    <section className="panel">
      <h1>Thanks, we've received your request</h1>
      <p>
        <Link to="/book">Back to booking</Link>
      </p>
    </section>
  );
}
