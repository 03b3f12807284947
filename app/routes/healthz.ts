import { json, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { healthReport } from "~/server/health/health.server";

// GET /healthz: 200 when D1 and the Durable Objects answer, else 503; with the
// version and the outbox backlog. Public on purpose (uptime checks) and holds
// nothing secret.
export async function loader({ context }: LoaderFunctionArgs) {
  const report = await healthReport(context.cloudflare.env, Date.now());
  if (report.status !== "ok") context.log.error("health.unavailable", { checks: JSON.stringify(report.checks) });
  return json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
