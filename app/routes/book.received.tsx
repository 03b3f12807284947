import type { MetaFunction } from "@remix-run/cloudflare";
import { Link } from "@remix-run/react";
import type { PageHandle } from "~/root";

// Where the honeypot sends bots: it looks like success and stores nothing.
// Not hydrated: a message and a link (docs/decisions/0026).
export const handle: PageHandle = { hydrate: false };

export const meta: MetaFunction = () => [{ title: "Request received" }];

export default function Received() {
  return (
    <section className="panel">
      <h1>Thanks, we've received your request</h1>
      <p>
        <Link reloadDocument to="/book">Back to booking</Link>
      </p>
    </section>
  );
}
