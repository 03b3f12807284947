import { jwtVerify, SignJWT } from "jose";
import { hmacKey } from "./hmac-key.server";
import type { AppConfig } from "./env.server";

// Signed links in client emails: "manage your booking" and "unsubscribe".
// HS256 JWTs with LINK_SIGNING_SECRET. They carry the consultation id and the
// purpose only, never an email address: paths end up in request logs.

// "quote" links carry the quote's id: the client's page to accept or decline it.
// "form": not a link but the booking form's signed start time (subject: the
// epoch ms the page was served), for the minimum fill time.
export type LinkPurpose = "manage" | "unsubscribe" | "quote" | "form";

const ISSUER = "studio-consultations";
const DAY_S = 24 * 60 * 60;
// Unsubscribe links must keep working long after the mail was sent.
// A quote link outlives the quote's validity: an expired quote's page still says why it can't be accepted.
const LIFETIME_S: Record<LinkPurpose, number> = { manage: 180 * DAY_S, unsubscribe: 2 * 365 * DAY_S, quote: 365 * DAY_S, form: 2 * DAY_S };

// jose would import raw key bytes on every sign and verify (the booking page
// signs one per view): hand it the key imported once per isolate.
function secretKey(config: AppConfig): Promise<CryptoKey> {
  return hmacKey(config.integrations.links.secret);
}

export async function signLinkToken(
  config: AppConfig,
  purpose: LinkPurpose,
  consultationId: string,
  now: number = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ pur: purpose })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setSubject(consultationId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LIFETIME_S[purpose])
    .sign(await secretKey(config));
}

/** The consultation id the token was made for, or null (bad signature, expired, other purpose). */
export async function verifyLinkToken(
  config: AppConfig,
  purpose: LinkPurpose,
  token: string,
  now: number = Date.now(),
): Promise<string | null> {
  if (!token || token.length > 2048) return null;
  try {
    const { payload } = await jwtVerify(token, await secretKey(config), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      currentDate: new Date(now),
    });
    if (payload.pur !== purpose || typeof payload.sub !== "string" || payload.sub === "") return null;
    return payload.sub;
  } catch {
    return null;
  }
}

export function baseUrl(config: AppConfig): string {
  return (config.publicBaseUrl ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
}

/** The client's page to see, reschedule or cancel the booking (served by /manage/:token). */
export async function manageUrl(config: AppConfig, consultationId: string, now?: number): Promise<string> {
  return `${baseUrl(config)}/manage/${await signLinkToken(config, "manage", consultationId, now)}`;
}

export async function unsubscribeUrl(config: AppConfig, consultationId: string, now?: number): Promise<string> {
  return `${baseUrl(config)}/unsubscribe/${await signLinkToken(config, "unsubscribe", consultationId, now)}`;
}

export const verifyManageToken = (config: AppConfig, token: string, now?: number) =>
  verifyLinkToken(config, "manage", token, now);
export const verifyUnsubscribeToken = (config: AppConfig, token: string, now?: number) =>
  verifyLinkToken(config, "unsubscribe", token, now);

/** The client's page of one quote (served by /quotes/:token). */
export async function quoteUrl(config: AppConfig, quoteId: string, now?: number): Promise<string> {
  return `${baseUrl(config)}/quotes/${await signLinkToken(config, "quote", quoteId, now)}`;
}

export const verifyQuoteToken = (config: AppConfig, token: string, now?: number) => verifyLinkToken(config, "quote", token, now);
