import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/server/auth/require-admin.server";

// Placeholder dashboard; the studio's overview will be filled in here.
export const meta: MetaFunction = () => [{ title: "Dashboard · Studio admin" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Nested loaders run in parallel: the layout's check doesn't cover this one.
  const admin = await requireAdmin(request, context);
  return json({ name: admin.name });
}

export default function AdminDashboard() {
  const { name } = useLoaderData<typeof loader>();
  return (
    <section className="admin-page">
      <h1>Dashboard</h1>
      <p>Welcome back, {name}.</p>
    </section>
  );
}
