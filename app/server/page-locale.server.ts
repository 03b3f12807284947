import { localeFormat, negotiateLocale, type LocaleFormat } from "~/domain/locale";

/**
 * The locale a page formats dates and times in: ?locale=xx-YY when given,
 * else the one the client booked with, else their browser's Accept-Language.
 */
export function pageLocale(request: Request, booked?: string | null): LocaleFormat {
  const override = new URL(request.url).searchParams.get("locale") ?? booked ?? null;
  return localeFormat(negotiateLocale(request.headers.get("accept-language"), override));
}
