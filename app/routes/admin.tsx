import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, isRouteErrorResponse, Link, NavLink, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { requireAdmin } from "~/server/auth/require-admin.server";

// The studio's admin area. This loader protects the layout only: Remix runs
// nested loaders in parallel, so every child route calls requireAdmin (or
// requireAdminPost in actions) itself. /admin/login renders inside this
// layout too, without the navigation.

export const meta: MetaFunction = () => [{ title: "Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

// Child routes without their own `headers` export inherit these.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow" });

const isLoginPath = (pathname: string) => pathname.replace(/\/+$/, "") === "/admin/login";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (isLoginPath(new URL(request.url).pathname)) return json({ admin: null });
  const admin = await requireAdmin(request, context);
  return json({ admin: { name: admin.name, email: admin.email } });
}

const NAV = [
  { to: "/admin", label: "Dashboard", end: true },
  { to: "/admin/consultations", label: "Consultations" },
  { to: "/admin/requests", label: "Requests" },
  { to: "/admin/quotes", label: "Quotes" },
  { to: "/admin/projects", label: "Projects" },
  { to: "/admin/services", label: "Services" },
  { to: "/admin/reports", label: "Reports" },
  { to: "/admin/sources", label: "Sources" },
  { to: "/admin/availability", label: "Availability" },
  { to: "/admin/outbox", label: "Outbox" },
  { to: "/admin/webhooks", label: "Webhooks" },
  { to: "/admin/api-tokens", label: "API tokens" },
  { to: "/admin/sessions", label: "Sessions" },
];

export default function AdminLayout() {
  const { admin } = useLoaderData<typeof loader>();
  if (!admin) return <Outlet />;
  return (
    <div className="admin">
      <div className="admin-bar">
        <nav aria-label="Admin" className="admin-nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="admin-user">
          <span>
            Signed in as <strong>{admin.name}</strong>
          </span>
          <Form method="post" action="/admin/logout" className="admin-signout">
            <button type="submit" className="button button--small">
              Sign out
            </button>
          </Form>
        </div>
      </div>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data?.error === "string"
      ? error.data.error
      : status === 404
        ? "There is no admin page at this address."
        : "Something went wrong in the admin. Nothing was changed; please try again in a moment.";
  return (
    <section className="panel" role="alert">
      <h1>{status === 403 ? "Request refused" : status === 404 ? "Page not found" : "Something went wrong"}</h1>
      <p>{message}</p>
      <p>
        <Link to="/admin">Back to the dashboard</Link>
      </p>
    </section>
  );
}
