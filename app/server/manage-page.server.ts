import { json } from "@remix-run/cloudflare";
import { queryFromUrl } from "~/domain/availability-query";
import type { AppServices } from "./context.server";
import type { ConsultationRow } from "./db/schema.server";
import { manageView } from "./manage.server";
import { pageLocale } from "./page-locale.server";
import { clientProjectsView } from "./services/client-projects.server";
import { clientRequestsView } from "./services/client-requests.server";

/**
 * What the client's private page shows, at /manage/:token and at its keyless
 * address /manage/c/:id (docs/decisions/0057). `token` is for the links to the
 * steps behind it; `pagePath` (the page's own address) for its reschedule post.
 */
export async function managePage(
  services: AppServices,
  request: Request,
  row: ConsultationRow,
  address: { token: string; pagePath: string },
  headers: Record<string, string>,
) {
  const url = new URL(request.url);
  const query = queryFromUrl(url);
  // Dates and times in the client's locale, formatted here so the page reads the same before and after hydration.
  const format = pageLocale(request, row.locale);
  const view = await manageView(services, row, {
    timeZone: query.success ? query.data.tz : undefined,
    from: query.success ? query.data.from : undefined,
    locale: format.locale,
  });
  const done = url.searchParams.get("done");
  const localized = {
    locale: format.locale,
    dir: format.dir,
    when: format.dateTime(row.consultationDate, view.timeZone),
    studioWhen: format.dateTime(row.consultationDate, view.studioTimeZone),
    /** The current time among the slots of the reschedule picker. */
    clock: format.time(row.consultationDate, view.timeZone),
    minutes: format.number(view.durationMinutes),
  };
  const [projects, requests] = await Promise.all([clientProjectsView(services, row), clientRequestsView(services, row)]);
  return json(
    {
      ...view,
      ...address,
      localized,
      projects,
      requests,
      erased: row.erasedAt !== null,
      done: done === "rescheduled" || done === "cancelled" || done === "erased" ? done : null,
    },
    { headers },
  );
}
