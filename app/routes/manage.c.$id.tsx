import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { LINK_PROBLEMS } from "~/domain/manage";
import { appServices, type AppServices } from "~/server/context.server";
import { MANAGE_HEADERS, requireManagedConsultation } from "~/server/manage.server";
import { managePage } from "~/server/manage-page.server";
import { managePageKey, managePagePath } from "~/server/manage-page-key.server";
import { manageMeta, rescheduleAction } from "./manage.$token";

// /manage/c/:id: the client's private page at an address without its key
// (docs/decisions/0057). The link in the emails (/manage/:token) sends a
// browser here with the token in a cookie for this one page; without it the
// page says where to open it from, and shows nothing of the booking.

export { default, links, handle, ErrorBoundary } from "./manage.$token";

// Nothing here for search engines to find, so no robots tag: a crawler has no cookie and gets the 401.
const PAGE_HEADERS = { "cache-control": "private, no-store" };

export const meta: MetaFunction<typeof loader> = ({ data }) => manageMeta(data, data ? null : "noindex, nofollow");

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

/** The page's key (its cookie) and the consultation it opens; a thrown 401 page without it (404/410 for a bad or expired one). */
async function keyFor(services: AppServices, request: Request, id: string | undefined) {
  const token = managePageKey(request);
  if (token) {
    const row = await requireManagedConsultation(services, token);
    if (row.id === id) return { token, row };
  }
  services.log.info("manage.key_missing", { present: token !== undefined });
  throw new Response(LINK_PROBLEMS.keyMissing.title, { status: LINK_PROBLEMS.keyMissing.status, headers: MANAGE_HEADERS });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const services = appServices(context);
  const { token, row } = await keyFor(services, request, params.id);
  return managePage(services, request, row, { token, pagePath: managePagePath(row.id) }, PAGE_HEADERS);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const services = appServices(context);
  const { row } = await keyFor(services, request, params.id);
  return rescheduleAction(services, request, context, row, ({ done, timeZone }) =>
    managePagePath(row.id, `?${new URLSearchParams({ ...(timeZone ? { tz: timeZone } : {}), done })}`),
  );
}
