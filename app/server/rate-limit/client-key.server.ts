import { hmacKey } from "../hmac-key.server";

// Who "a client" is for the rate limits: the connecting IP (CF-Connecting-IP,
// set by Cloudflare and not forgeable from outside), as an HMAC under the
// link-signing secret. The address itself is never stored or logged; the
// keyed hash can't be reversed by hashing all 2^32 IPv4 addresses without
// the secret.


export async function clientKey(request: Request, secret: string): Promise<string> {
  const ip = request.headers.get("cf-connecting-ip")?.trim() || "unknown";
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`client-ip:${ip}`)));
  return Array.from(mac.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
