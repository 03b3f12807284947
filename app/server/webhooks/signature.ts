import { bytesToBase64Url, bytesToHex } from "../auth/encoding";

// The signature on every webhook delivery (documented in the README):
//   Studio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// The receiver recomputes it over the raw body, compares in constant time and
// refuses timestamps more than a few minutes old (replays).

export const SIGNATURE_HEADER = "Studio-Signature";
export const EVENT_ID_HEADER = "Studio-Event-Id";
export const EVENT_TYPE_HEADER = "Studio-Event-Type";
export const DELIVERY_ID_HEADER = "Studio-Delivery-Id";
export const SECRET_PREFIX = "whsec_";

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return bytesToHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message))));
}

/** The header value for a body sent at `timestampSeconds`. */
export async function signatureHeader(secret: string, timestampSeconds: number, body: string): Promise<string> {
  return `t=${timestampSeconds},v1=${await hmacSha256Hex(secret, `${timestampSeconds}.${body}`)}`;
}
