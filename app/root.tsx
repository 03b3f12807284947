import type { LinksFunction, MetaFunction } from "@remix-run/cloudflare";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useSearchParams,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "~/components/nonce";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "Book a consultation" }];

/**
 * A route's `handle` may say the page is not hydrated (docs/decisions/0026):
 * its HTML is the whole page, and React, the router and the route's own code
 * are not sent. `script` names the small script (in public/) that such a page
 * loads instead, for what JavaScript adds to it.
 */
export type PageHandle = { hydrate?: false; script?: string };

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // /book?embed=1: the booking inside the studio's own site (public/embed.js); no site header.
  const embedded = useSearchParams()[0].get("embed") === "1";
  const handles = useMatches().map((match) => (match.handle ?? {}) as PageHandle);
  const hydrate = !handles.some((handle) => handle.hydrate === false);
  const scripts = handles.flatMap((handle) => (handle.script ? [handle.script] : []));
  return (
    <html lang="en" className={embedded ? "embedded" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {embedded ? null : (
          <header className="site-header">
            <Link reloadDocument to="/book" className="brand">
              Studio consultations
            </Link>
          </header>
        )}
        <main id="main">{children}</main>
        {/* Inside the studio's embed dialog: sizes it and reports a booking to the host page. */}
        {embedded ? <script src="/embed-frame.js" defer nonce={nonce} /> : null}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : (
          scripts.map((src) => <script key={src} src={src} defer />)
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section className="panel" role="alert">
      <h1>{notFound ? "We couldn't find that page" : "Something went wrong"}</h1>
      <p>
        {notFound
          ? "The link may be mistyped or out of date."
          : "Nothing you sent was lost. Please try again in a moment."}
      </p>
      <p>
        <Link reloadDocument to="/book">
          Book a consultation
        </Link>
      </p>
    </section>
  );
}
