// Where a booking came from: the path of the studio's page that embedded the
// booking (no host, no query string, no fragment) and the utm_source,
// utm_medium and utm_campaign of the link that led to it. Nothing else of the
// URL is kept: other query parameters can carry personal data.

export type BookingSource = {
  page: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
};

export const NO_SOURCE: BookingSource = { page: null, utmSource: null, utmMedium: null, utmCampaign: null };

/** The form's hidden fields and the query parameters of /book use these names. */
export const SOURCE_FIELDS = { page: "source_page", utmSource: "utm_source", utmMedium: "utm_medium", utmCampaign: "utm_campaign" } as const;

const MAX_PAGE = 300;
const MAX_UTM = 100;

/** "/services/mixing" from "https://studio.example/services/mixing?x=1#top", "/services/mixing" or "services/mixing/"; null for junk. */
export function pagePath(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  let path: string;
  try {
    path = new URL(text, "https://placeholder.invalid").pathname;
  } catch {
    return null;
  }
  try {
    path = decodeURI(path);
  } catch {
    // Keep it percent-encoded.
  }
  path = path.replace(/[\u0000-\u001f\u007f]/g, "").replace(/\/{2,}/g, "/");
  if (path.length > 1) path = path.replace(/\/+$/, "");
  if (!path.startsWith("/")) path = `/${path}`;
  return path.length <= MAX_PAGE ? path : path.slice(0, MAX_PAGE);
}

function utm(value: string | null | undefined): string | null {
  const text = value?.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return text ? text.slice(0, MAX_UTM) : null;
}

/** Reads the source from form fields or query parameters (anything with get()). */
export function bookingSourceFrom(fields: { get(name: string): unknown }): BookingSource {
  const text = (name: string) => {
    const value = fields.get(name);
    return typeof value === "string" ? value : null;
  };
  return {
    page: pagePath(text(SOURCE_FIELDS.page)),
    utmSource: utm(text(SOURCE_FIELDS.utmSource)),
    utmMedium: utm(text(SOURCE_FIELDS.utmMedium)),
    utmCampaign: utm(text(SOURCE_FIELDS.utmCampaign)),
  };
}

/** The same, from a JSON body's `source` object ({ page, utmSource, utmMedium, utmCampaign }). */
export function bookingSourceFromJson(value: unknown): BookingSource {
  if (!value || typeof value !== "object") return NO_SOURCE;
  const o = value as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === "string" ? v : null);
  return { page: pagePath(s(o.page)), utmSource: utm(s(o.utmSource)), utmMedium: utm(s(o.utmMedium)), utmCampaign: utm(s(o.utmCampaign)) };
}
